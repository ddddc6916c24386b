package model

import (
	"errors"
	"time"
)

// RFC 3339 §5.6 (NOTE): "T" and "Z" may alternatively be lower case. Go's
// time.RFC3339 layout and time.Time's JSON decoding take them in capitals
// only; every timestamp zeropark reads (a series' timestamp column, a
// measurement's start, POST /step's at, --start, --from, the time cells of
// a results file) goes through [ParseRFC3339] or [UnmarshalRFC3339JSON],
// which accept both with the same meaning (QA, 2026-12-05: "2023-01-12t13:00:00z"
// was refused as "not an RFC 3339 time").

// upperRFC3339 returns s with a lower-case date/time separator t (at
// byte 10, after YYYY-MM-DD) and a lower-case zone z (the last byte) in
// capitals, and whether it changed anything. Nothing else is touched, so
// that what is not RFC 3339 stays refused.
func upperRFC3339(s []byte) ([]byte, bool) {
	sep := len(s) > 10 && s[10] == 't'
	zone := len(s) > 10 && s[len(s)-1] == 'z'
	if !sep && !zone {
		return s, false
	}
	u := append([]byte(nil), s...)
	if sep {
		u[10] = 'T'
	}
	if zone {
		u[len(u)-1] = 'Z'
	}
	return u, true
}

// ParseRFC3339 reads s as time.Parse(time.RFC3339, s) does, a lower-case
// t or z (RFC 3339 §5.6) read as T and Z. An error is time.Parse's (a
// *time.ParseError naming s as written).
func ParseRFC3339(s string) (time.Time, error) {
	return parseUpper(s, func(v string) (time.Time, error) { return time.Parse(time.RFC3339, v) })
}

// ParseRFC3339In is [ParseRFC3339] by time.ParseInLocation(time.RFC3339,
// s, loc).
func ParseRFC3339In(s string, loc *time.Location) (time.Time, error) {
	return parseUpper(s, func(v string) (time.Time, error) { return time.ParseInLocation(time.RFC3339, v, loc) })
}

// parseUpper is parse(s) of s with its t and z in capitals.
func parseUpper(s string, parse func(string) (time.Time, error)) (time.Time, error) {
	u, changed := upperRFC3339([]byte(s))
	if !changed {
		return parse(s)
	}
	t, err := parse(string(u))
	return t, asWritten(err, s)
}

// UnmarshalRFC3339JSON decodes the JSON string data into *t as
// time.Time's UnmarshalJSON does (strict RFC 3339; null leaves *t as it
// is), a lower-case t or z (RFC 3339 §5.6) read as T and Z. An error is
// time.Time's (a *time.ParseError names the time as written).
func UnmarshalRFC3339JSON(data []byte, t *time.Time) error {
	// The time sits between the quotes: its byte 10 is data's byte 11,
	// its last data's last but one.
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return t.UnmarshalJSON(data)
	}
	u, changed := upperRFC3339(data[1 : len(data)-1])
	if !changed {
		return t.UnmarshalJSON(data)
	}
	q := make([]byte, 0, len(data))
	q = append(append(append(q, '"'), u...), '"')
	return asWritten(t.UnmarshalJSON(q), string(data[1:len(data)-1]))
}

// asWritten is err with the time it names as written (s), not as
// upperRFC3339 made it.
func asWritten(err error, s string) error {
	var pe *time.ParseError
	if errors.As(err, &pe) {
		pe.Value = s
	}
	return err
}
