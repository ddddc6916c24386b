package plan

// BranchStats is m's branch-and-bound count so far (units.go): nodes of
// the trees solved, incumbents tried from earlier answers
// (seedIncumbent), and those feasible and kept.
func BranchStats(m *Model) (nodes, seeds, seeded int) { return m.bb.nodes, m.bb.seeds, m.bb.seeded }

// NoIncumbents turns seedIncumbent off; the returned function restores it.
func NoIncumbents() (restore func()) {
	old := noIncumbents
	noIncumbents = true
	return func() { noIncumbents = old }
}
