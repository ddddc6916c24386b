package plan

// BranchStats is m's branch-and-bound count so far (units.go): nodes of
// the trees solved, incumbents tried from earlier answers
// (seedIncumbent), and those feasible and kept.
func BranchStats(m *Model) (nodes, seeds, seeded int) { return m.bb.nodes, m.bb.seeds, m.bb.seeded }

// SetSeedIncumbents turns seedIncumbent on or off; the returned
// function restores the default.
func SetSeedIncumbents(on bool) (restore func()) {
	old := seedIncumbents
	seedIncumbents = on
	return func() { seedIncumbents = old }
}
