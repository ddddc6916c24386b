package main

import (
	"bytes"
	"strings"
	"testing"
)

// On a park whose ledger counts another factor than the dispatch signal,
// the table gives the signal's carbon too and says why (QA s38 D7: on
// greensboro the exact forecast read +4.4 % against the rule, under a
// factor the LP does not minimise); otherwise it is the table it was.
func TestWriteTableSignalColumns(t *testing.T) {
	rows := []row{
		{label: "rule (self-consumption)", sig: "—", rm: "—", adjusted: 4112.6, signal: 3000},
		{label: "mpc, provided forecast", sig: "0.000", rm: "0.000", adjusted: 4292.3, signal: 2900},
	}
	var same, differ bytes.Buffer
	writeTable(&same, "co2", rows, false)
	writeTable(&differ, "co2", rows, true)
	if strings.Contains(same.String(), "dispatch signal") || !strings.Contains(same.String(), "+4.4 %") {
		t.Errorf("signals the same: want the ledger's columns alone:\n%s", same.String())
	}
	for _, want := range []string{"dispatch signal tCO2e", "2900.0", "-3.3 %", "+4.4 %",
		`another factor than the dispatch signal "co2"`} {
		if !strings.Contains(differ.String(), want) {
			t.Errorf("signals differ: want %q in\n%s", want, differ.String())
		}
	}
}
