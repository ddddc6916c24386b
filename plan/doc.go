// Package plan answers a park planner's question: what must the park add
// — PV, wind, battery energy and power (with heat: heat pumps, thermal
// stores, electric and fuel boilers, CHP), grid connection, offsets,
// certificates — to become
// low-carbon, then near-zero-carbon, then zero-carbon, and what does each
// step cost a year. It solves one linear program over the period with
// capacity columns and the dispatch of every step, the stage's indicators
// (as the ledger defines them) as constraints; it sizes directly, like
// REopt, HOMER, PyPSA, Calliope and oemof, with the notice's stage
// indicators as constraints, which none of them has.
//
// # Entry points
//
//   - [New] builds a [Model]: the park (with its economics object,
//     [model.Park.CapacityCosts]) and its series (weather-driven
//     availability derived, as for [model.Resolve]), over the full series
//     or over representative periods (Options.Periods).
//   - [Model.Today]: today's park, nothing added, dispatched at least
//     cost: the reference.
//   - [Model.Plan]: the cheapest design reaching a stage.
//   - [Model.Roadmap]: today, then low-carbon, near-zero-carbon and
//     zero-carbon, each with its cost per tCO2e avoided, simple payback,
//     NPV and discounted payback against today ("Against today's park").
//   - [Model.Frontier]: the cost–carbon frontier (ε-constraint on the
//     residual).
//   - [Pathway]: milestones in years (low-carbon by 2027, near-zero by
//     2030, …), each built on the design before it at its year's grid
//     carbon and capital costs ("Pathway (myopic)").
//   - [Model.Evaluate]: a design's capacities fixed, its operation and
//     purchases re-optimised over this Model's period (a design from
//     representative periods measured on the full series);
//     [Model.EvaluateUndiagnosed] the same without diagnosing a design
//     that misses its target (below), slow on a long sub-hourly series.
//   - [Holds]: whether a stage holds on a dispatched period (a design park
//     re-run by the dispatch), and by what margin.
//   - [CostOfAdding]: a hand-made design (a sweep point) priced as the
//     plan prices its own: capacity beyond today's × annualised cost;
//     [CheckWholeUnits] ([WholeUnits] for many designs) refuses one that
//     adds part of a whole unit.
//
// A park with heat is planned over all its energy (see "Heat" below),
// over the full series, representative periods or chronological slices.
//
// Every [Design] carries its park ([Design].Park: today's park with the
// capacities added and the offsets and certificates bought in its
// market, ready for `zeropark run`), the plan's schedule and its ledger
// ([dispatch.Account]). Before a design is returned the ledger judges the
// plan's own schedule; a design the ledger does not rank at its target is
// [ErrNotReached], never returned — unless the schedule had to be settled
// (below, "A battery does one or the other").
//
// # A battery does one or the other
//
// On a park whose CHP has nowhere to send its electricity (export 0, the
// load below the CHP's output while the heat needs the CHP), the LP
// charges and discharges a battery at once and burns the surplus in the
// round trip's losses; no battery can. A design's schedule is therefore
// settled as [dispatch.PerfectForesight] settles its own
// ([dispatch.Realise], one owner): from the first interval in which it
// does both, every interval is settled against the plan with the
// calendar's data as the actuals — the flows netted, the battery taking
// what room it has, the CHP brought down by the rest and the heat it no
// longer makes made up by the other heat sources (cheapest first: the
// plan's objective is money) or left unserved. Every figure of the Design
// (its Report, stage, fuel, costs, residual) is the settled schedule's,
// so none comes from a schedule no battery can run; a design with no such
// interval keeps the LP's schedule bit for bit. The settled schedule is
// feasible, not optimal: the LP's costs assumed the burning, so a
// settled design may cost a little less (no wear on the round trip) and
// emit a little less (the CHP burns less fuel) than the LP said, yet
// leave heat unserved — and its stage may fall below the target it was
// solved for. Such a design is returned, not refused (a roadmap needs its
// figures, and the same park re-run by the dispatch would show the same
// unserved heat): Design.AtOnceIntervals counts the intervals, Design.Warnings
// says so and names the first interval (and the stage, when below the
// target), and Roadmap.Warnings repeats each design's (near-zero's once where it is also
// low-carbon's entry). Between the two
// low-carbon variants a design that reaches its target is kept over a
// cheaper one that does not. Under Cyclic storage the settled battery
// may end the period above its start: it keeps what it took rather than
// burning it, and the fuel that made it is counted. TestCHPWithoutASink checks dispatch's 4-hour park through
// Roadmap and Evaluate by hand: with Valued storage the battery takes
// (180 − 100)/0.95 = 84.2 kWh of the 120 kWh surplus and 35.8 × 1.4 =
// 50.1 kWh_th of heat goes unserved, where the LP served it all.
//
// Parks without a CHP meet it too: on TestPlanAgainstSweep's four days
// (no heat) one swept design's near-zero LP charged and discharged at
// once in 5 intervals, up to 491 kW both ways, a surplus burnt at a wear
// cost where curtailing it was free, which only a stage row can reward;
// settled, that design is below near-zero,
// and the test no longer counts it as reaching the stage. Such a design
// reached its stage only by an operation no battery can carry out.
//
// # Units, signs and the period
//
// As in package dispatch: power in kW held over a step of Δt hours, energy
// in kWh, carbon in kgCO2e (tCO2e where named), money in the park's
// currency (its economics' Currency). The LP covers the period of the
// series (or the calendar its representative periods stand for), Y =
// (steps × Δt) / 8760 h years; every per-step term is the dispatch's, and
// capital is annualised:
//
//	annualised cost of one unit  c_u = capital × (1 − f) × CRF(r, lifetime) + fixed O&M   (per kWp, kW or kWh a year)
//	CRF(r, n) = r(1 + r)^n / ((1 + r)^n − 1)                                    ([model.CapitalRecoveryFactor])
//
// where f is the technology's capital_incentive_fraction (0 unless the
// park file gives one: [model.Economics]), the share of the capital
// returned at purchase ([model.TechCosts.NetCapitalPerUnit]).
//
// The objective is in money over the period, so capital enters as c_u × Y
// per unit; a Design reports every figure per year (period figures / Y).
// With representative periods every per-step term of representative k is
// multiplied by its weight w_k (the number of calendar periods it stands
// for); Σ_k w_k × its steps = the calendar's steps. Existing capacity is
// sunk: only what is added costs.
//
// Beside the annuity a Design reports the money up front,
// Design.Investment = Σ added × capital (not annualised; the economics'
// capital costs, gross: what the park must finance), and
// Design.Incentives = Σ added × capital × f, what comes back at purchase.
//
// # Against today's park
//
// [Model.Roadmap] values each stage's design against today's park, all
// from one saving a year,
//
//	S = (today's operating cost + fixed O&M) − (the design's operating cost + fixed O&M)
//
// Offsets and certificates a stage buys are left out of S: they buy the
// stage, they save nothing against today's park, which buys none; the
// lost load is left out as everywhere (never costed). The simple payback
// is
//
//	SimplePaybackYears = (Investment − Incentives) / S          (none where S ≤ 0 or nothing is invested)
//
// in years, undiscounted. Its net present value runs over the economics'
// analysis_years N (REopt's 25 by default) at the discount rate r, each
// addition i an outlay of net capital K_i = capital × (1 − f) × added and
// lifetime L_i, bought at t = 0 and again at the same real cost at t =
// L_i, 2L_i, … while < N, the part of its last life left at N credited at
// its straight-line value, salvage_i = K_i × (t_last + L_i − N) / L_i:
//
//	NPV = S·Σ_{t=1..N} (1+r)^−t − Σ_i (K_i·Σ_k (1+r)^−k·L_i − salvage_i·(1+r)^−N)
//
// (with every L_i = N, (S − Σ_i K_i·CRF(r, N))·Σ_{t=1..N} (1+r)^−t: S less
// the annuity of the capital, discounted). DiscountedPaybackYears is the
// first time the cumulative discounted cash flow reaches 0 — −Σ K_i at 0,
// each year's discounted saving S·(1+r)^−t accruing evenly over its year
// (linear interpolation within it), each replacement taken off as it
// falls, the salvage not counted (it is no cash before N) — and none when
// it does not within N years. A payback longer than the technologies'
// lifetimes, or a negative NPV, is a design that does not pay for itself
// against today's, which its total cost a year says too, as an annuity.
// The incentive comes back at purchase, t = 0; REopt takes its credit at
// the end of year 1.
//
// # The LP
//
// For every segment k (the full series, or one representative period) a
// [dispatch.Block]: the dispatch's own columns, power balance and
// state-of-charge recursion (package dispatch, "The LP of one horizon"),
// with the states of charge above the minimum (x = soc − Min,
// BlockOptions.SoCAboveMin) so that no dispatch row depends on a battery's
// energy. The balance and the recursion exist once, in package dispatch.
// Then the plan's own columns:
//
//	add[c]     ∈ [0, MaxAdded(tech)]   kWp, kW or kWh added to candidate asset c (addGrid: the grid connection's)
//	peak[m]    ∈ [0, ∞)                kW, calendar month m's highest import (demand charge only)
//	Imp, Ren, Exp, Uns ∈ [0, ∞)        kWh over the period: import, PV + wind delivered, export, unserved
//	R          ∈ [0, ∞)                tCO2e over the period, the residual with negative factors as 0
//	O, C       ∈ [0, 0] or [0, ∞)      offsets (tCO2e) and certificates (MWh) bought
//	sCore, sClean, sRen, sZero         free or ≤ 0: the stage rows' slacks (sCleanHeat too, with heat; sCoreBelow, sCons: "Stage rows")
//
// A candidate asset is an existing PV array, turbine or battery of a
// technology the economics make a candidate (MaxTotal above today's
// total); added capacity takes its availability per unit installed, its
// efficiencies and its state-of-charge limits. PV arrays (turbines) with
// the same availability per unit as an earlier one get no column of
// their own: capacity added to either does the same. Such a pool is one
// candidate, one [Addition] named by its first array (the one the design
// park extends), Addition.Pooled naming the others and Existing and Total
// covering them all. A candidate
// technology with no asset to extend is an error ([InputError] at its
// max_total key's file:line:col when the park was read from a file): add
// one of capacity 0. Only plan refuses it; model.Park.Validate (and so
// run, sweep and `zeropark validate`) lets it pass, since nothing else
// extends an asset.
//
// Rows (u = availability per unit installed, P and E today's power and
// energy, span = max − min state-of-charge fraction, w the segment's
// weight, f the accounting factor, Δt the step in hours):
//
//	pv[t,i] − u[t,i]·add[i] ≤ u[t,i]·Cap[i]                (candidate PV; rows where u = 0 are left out)
//	wind[t,j] − u[t,j]·add[j] ≤ u[t,j]·Cap[j]              (candidate wind)
//	ch[t,b] − addP[b] ≤ Pch[b],  dis[t,b] − addP[b] ≤ Pdis[b]   (candidate battery power: both limits)
//	x[t,b] − span[b]·addE[b] ≤ span[b]·E[b]               (candidate battery energy, full series)
//	imp[t] − addGrid ≤ L,  exp[t] − addGrid ≤ L             (the grid connection a candidate; export only when its limit is L too)
//	Σ add[c] over a technology ≤ MaxAdded(tech)
//	imp[k,t] − peak[m] ≤ 0                                 for every step and month it stands for
//	Imp − Σk w Σt Δt·imp = 0   (likewise Ren, Exp, Uns)
//	R − Σk w Σt Δt·max(f, 0)·imp / 1000 = 0
//
// The column bounds of PV, wind, charge, discharge, x (and import and
// export, with the grid connection a candidate) widen to what the most
// that may be added allows.
//
// Storage across the period, full series: Cyclic (default) x[T−1,b] =
// x0[b] with x0 a decision; Valued x0 = (init − min fraction) × (E +
// addE) and the energy left at the end credited at
// [dispatch.EndValues] — what [dispatch.PerfectForesight] does under the
// Cost objective. With every capacity fixed and Valued storage the plan is
// that dispatch (TestFixedCapacitiesArePerfectForesight).
//
// Objective, in money over the period:
//
//	Σk w_k × (the Block's Cost terms: import at max(price, 0), export at −price, unserved at the
//	          value of lost load, battery wear, the dispatch's tie-breaks)
//	+ D × Σm share[m]·peak[m]  + Σc c_u(c)·Y·add[c]  + price_offset·O + price_certificate·C
//	(− Σb value_b·x_end[b] with Valued storage)
//
// Where export pays more than import (pe > pi: a valley tariff under a
// feed-in price) the Block prices a step by its regime, as the dispatch
// does: first by a guess from the data at the park's existing capacities,
// then, after each solve of a question, by the net import the solve chose
// (Model.reprice, [dispatch.Block.Reprice]), solved again by primal
// simplex until no regime changes or after 8 more solves. Each round can
// only lower the design's true cost (TestRegimeRoundsNeverDearer: never
// dearer on 12 designs, cheaper on 11). Every question starts from the
// guess again, so a design does not depend on the questions asked
// before it (a roadmap on one solver instance or two, or a stage asked
// alone, gives the same design to the solver's tolerance, 1e-6 of the
// cost; TestSolversAgree: not bit for bit, as a warm start reaches the
// optimum by another path, so files written with --solvers 1 and 2 may
// differ in the last digits). Questions asked for
// another objective (the least residual, the unreachable diagnosis) keep
// the guess's prices.
//
// share[m] is the part of calendar month m the series covers
// ([dispatch.MonthShare]: 1 for a whole month, 5/31 for five days of
// January; with representative periods or slices the months are the full
// series' calendar), so a month the series covers in part is charged on
// that part, as the ledger and dispatch charge it, and the annualised
// demand charge of a short series is about twelve months' worth, not
// twelve × the months it touches.
//
// Unserved load stays a priced slack (the value of lost load, a penalty)
// and is reported; it is never part of the total cost.
// A design with no stage row (today's park) may shed heat it has no
// capacity for: Design.UnservedHeatKWhThPerYear reports it, and above the
// ledger's tolerance Design.Warnings says that its costs leave it out.
//
// # Today's park short of capacity
//
// Today's park may shed electric load too: behind a connection below its
// peak (grid.import_limit_kw) with no storage or generation to carry the
// rest, the LP leaves the excess unserved at the value of lost load.
// Design.UnservedKWhPerYear reports it and, in the heat's terms, where it
// is more than the ledger's tolerance (UnservedToleranceShare, 0.1 % by
// default: the share above which the ledger ranks a park conventional)
// Design.Warnings says so: the kWh a year, the share of the load, what the
// plan's value of lost load (Options.ValueOfLostLoadPerKWh) would price it
// at, and, of today's park, that the cost per tCO2e avoided against it
// compares designs that serve the load with a park that sheds it (a design
// for conventional, or a design's evaluation without its target over the
// full series, gets the rest of the warning: nothing is priced against
// it). Below the tolerance there is no warning: every stage's gate allows
// its designs as much (Uns ≤ g·tol·Load), and the ledger ranks nothing
// down for it.
//
// The cost per tCO2e avoided leaves the lost load out; it is not counted
// at the value of lost load. That value is the LP's penalty, set far
// above any price (default 1,000 per kWh, dispatch) so that load is shed
// only when nothing can serve it, not an estimate of what an outage costs
// the park's tenants: counted, it would swamp every other cost (the Texas
// demo behind 1,500 kW sheds 245,246 kWh a year, 245 million USD at the
// default against today's total of 635,580 USD: zeropark plan --no-check
// on the demo's park file with import_limit_kw 1500, full year,
// 2026-12-02) and the figure would measure the penalty chosen, not the
// carbon. Counting it at a real value of lost load (survey figures vary
// by customer class and outage length by orders of magnitude) would need
// one the park file does not have. So the figure stays the two totals'
// difference over the two residuals, and the report says where it
// compares unequal service: the warning above, and a line under the cost
// table (package results) wherever today's park leaves any load unserved,
// within the tolerance too. Today's residual is the carbon of the load it
// serves: the load it sheds emits nothing, so the tCO2e avoided are those
// of a park that also serves more.
//
// # Stage rows
//
// Each stage adds rows on the period totals, with the ledger's
// definitions and [dispatch.LedgerConfig] thresholds (package dispatch,
// "Stage"), every limit multiplied by g = (1 − Options.Margin) × (1 −
// 1e-6) — the 1e-6 keeps the solver's tolerance from tipping the ledger's
// judgement of a schedule that meets a limit exactly:
//
//	every stage above conventional    Uns ≤ g·tol·Load                           (unserved load, the ledger's gate)
//	low-carbon, by emissions          R ≤ g·(1 − r)·B/1000                       (B the baseline, kgCO2e)
//	low-carbon, by renewables         Imp + Σb soc_start[b] ≤ g·(1 − s_r)·(Load − Uns)
//	near-zero                         1000·R ≤ g·θ·k·(Imp + Ren − Exp)           (θ tCO2/tce, k kgce/kWh)
//	near-zero, clean share required   Imp − 1000·(held + C) ≤ g·(1 − s)·(Imp + Ren − Exp)
//	zero-carbon                       near-zero and R ≤ g·(held + O)
//
// The clean-share row counts renewable − export as clean: the ledger
// traces the exports, taking them from each interval's renewables first
// (package dispatch, "Stage"), which is never less, and equal unless an
// interval exports more than its renewables (a CHP's or a battery's
// energy sent out). There the row is conservative: a design meets the
// ledger's share with room, and a park whose CHP exports may buy more
// certificates or PV than the ledger needs (QA, 2026-12-05; the traced
// share is not linear in the dispatch).
//
// The 1e-6 would buy offsets a hair (1e-6 of the residual) above what the
// ledger needs, so a zero-carbon design buys, once the ledger has its
// residual, exactly residual / (1 − Margin) − held: at margin 0 its net
// residual is exactly 0 and held + bought ≥ residual, as the ledger asks.
//
// The core row is the notice's carbon per unit energy, residual / (energy
// consumed × 0.1229 kgce/kWh) ≤ θ, multiplied out. The ledger's θ is
// disjunctive: θ_small (LedgerConfig.CarbonPerTceMax, 0.20) for a park
// consuming E < L a year, θ_large (CarbonPerTceMaxLarge, 0.30) for E ≥ L
// (LargeParkTcePerYear, 1 Mtce). The row's θ is θ_large when every
// operation the rows allow consumes at least L a year (the floor, below),
// else min(θ_small, θ_large), which holds on either side of the line. The
// floor counts each carrier as the ledger does:
// k·(1 − u)·Load, plus the heat (1 − u)·HeatLoad made by the park's heat
// sources cheapest first, each up to what its capacity (its technology's
// bound where it is a candidate) makes over the period, at its least
// consumption per kWh_th (a heat pump at its highest COP, an electric or
// fuel boiler at its efficiency, purchased heat, a CHP net of the
// electricity it makes, which may be below 0), less what Valued storage
// may draw down, with u = g·tol the unserved share allowed
// (Model.consumptionFloorTce derives it from the balances;
// TestConsumptionFloor and TestConsumptionFloorCapacities check it by
// hand). Until the capacities counted (2026-12-04, later the same day),
// the best source made all of the heat: a 10 kW_th heat-pump candidate
// stood for a million tce of heat, and the plan judged at 0.20 a stage
// the ledger grants today's park at 0.30.
// Until 2026-12-04 the floor was the electric load alone, so a park
// across the line only with its fuel was sized at 0.20 where the ledger
// grants 0.30: safe, and dearer (TestLargeParkCountsHeat: a heat pump of
// 80.6 kW_th where 71.8 reach the ledger's near-zero).
//
// With the defaults (θ_small the stricter), where the floor is below the
// line and the operation chosen crosses it, the ledger still grants
// θ_large and the design holds with room to spare (Design.Warnings says
// so, with the floor and the design's consumption: TestLargeParkCountsHeat's
// line at 139.9 tce). The plan does not solve a second band there, the
// looser limit with consumption held at or above the line: its cheapest
// design could then be one that consumes more, burning or importing
// energy it need not, to be judged by the looser limit, which is no
// decarbonisation to recommend; the conservative design is kept.
//
// Where a park's thresholds make θ_large the stricter (a province
// staging carbon_tco2_per_tce_max alone above the large parks' default
// 0.30: README, "Thresholds staged by year"), the row at θ_large alone
// would size a small park at the large parks' limit, and the row at
// θ_small alone (as until session 38) a design that crosses the line,
// which the ledger then judged at θ_large: the plan failed, "the ledger
// does not grant the planned stage" (QA R A3, session 37). There
// (Model.split: θ_large < θ_small and the floor below the line)
// near-zero and zero-carbon are solved in two bands and the cheaper
// design kept, as low-carbon's two routes are: the core row at θ_large
// (sCore), valid on either side of the line, and a second core row at
// θ_small (slack sCoreBelow) with the consumption held below the line,
//
//	k·(Imp + Ren − Exp) + H_kgce − sCons = 0,   sCons ≤ 1000·g·L/a   (kgce over the period; a periods a year)
//
// where g leaves a margin's room below the line as below every limit,
// and its 1e-6 keeps the solver's tolerance from tipping the ledger's
// E ≥ L. The two rows and their slacks are in the LP only there, so
// every other park's LP is as before. A design of the band below that
// the ledger, its schedule settled, judges across the line after all is
// passed over for the other band's. TestStricterLargeParkLimit checks it
// by hand on TestLargeParkCountsHeat's day with θ_small 0.3 and θ_large
// 0.2: a line at 150 tce a year keeps the band below (a heat pump of
// 78.02 kW_th, consuming 150 × g, judged at 0.3), one at 145 the core
// row's (80.61 kW_th, 147.8 tce, judged at 0.2, where it binds); both
// failed before. A design of the band below consumes g × the line in the
// plan's own operation, so the dispatch's (carbon first, or with
// forecasts) may cross it and be judged by the large parks' limit: the
// operation checks say so, as for any design sized at a limit, and
// --margin leaves room below the line as below the limits (QA R's park
// with its line at 10,900 tce: near-zero's design missed under perfect
// foresight at 11,214 tce a year, 0.324 against 0.30; --margin auto held
// it at 0.63, in the core row's band). Its operation checks' margin
// counts that room (dispatch.Report.StageConditions: where the run is
// judged below the line the core indicator holds while the consumption
// stays below it or within the large parks' limit anyway, so the margin
// is max(min(1 − E/L, 1 − r/θ_small), 1 − r/θ_large), the least margin at
// which --margin would still size the design; before, 38.6 % of room was
// reported for a design 1 % of consumption from losing its stage, QA Z2;
// the mirror, a run just above the line judged by the large parks'
// looser limit, as a design the defaults size at 0.20 may be, is
// max(min(1 − L/E, 1 − r/θ_large), 1 − r/θ_small): QA F1, 41.2 % for a
// design 2 % above the line, 2.1 % now),
// and such a design warns that it holds only below the line
// (largeParkWarning). A stage out of reach there is
// diagnosed against the limit of the consumption of the operation with
// the best carbon per unit energy. The clean
// share counts certificates up to the import, as the ledger does: the row
// is exact because with certificates ≥ import the share is 1. The
// renewable share of the electricity used (the served load and, with
// heat, the heat pumps' and electric boilers' draw), which the ledger
// traces through the batteries, is not linear; its row is the bound "grid
// energy reaching the loads and converters ≤ import + CHP electricity +
// the energy stored at the start (counted as grid)", sufficient for the
// traced share. Low-carbon is either: both variants are
// solved and the cheaper kept (one that reaches low-carbon over one that,
// settled, does not: "A battery does one or the other").
//
// Near-zero's rows are the ledger's near-zero and nothing more: the
// ledger grants near-zero on the core indicator (and the clean share
// where LedgerConfig.RequireCleanShare) with load served, whether or not
// the park is 30 % below its baseline or half renewable, and it owns what
// a stage is (package dispatch, "Stage"; README, "The ledger and the
// stage"), so the plan asks what the
// ledger asks, and the sweep's costs per stage (package results,
// stagecost.go), which follow the ledger, agree with the plan's.
// Zero-carbon's rows are near-zero's and the offsets row. Leaving
// low-carbon's emissions row out of near-zero (the plan asked it until
// 2026-12-02) changes a design only for a park that meets 0.20
// tCO2/tce (about 24.6 gCO2e per kWh consumed) from less than 30 % below
// its baseline, i.e. behind a grid cleaner than about 35 g/kWh
// (24.6 / 0.7); there near-zero no longer implies low-carbon's rows and
// its design may cost less than low-carbon's, even be today's park
// (TestNearZeroFollowsTheLedger). The roadmap is still the cheapest
// design reaching at least each stage, so its low-carbon entry is then
// near-zero's design (Target near-zero-carbon, what the operation and
// full-series checks judge it against), with a warning that says why
// (Roadmap): where near-zero's design misses low-carbon's own limits and
// costs less than low-carbon's own design, or low-carbon's own rows are
// out of reach, or low-carbon's design, its schedule settled, falls
// below low-carbon. (A near-zero design within low-carbon's limits is one
// low-carbon's LP had; where its total is lower all the same, as with
// Valued storage's end credit, which the LP counts and the total does
// not, low-carbon keeps its own.) Zero-carbon's rows
// include near-zero's and the offsets it may buy are priced at ≥ 0 (a
// zero-carbon design without them would be near-zero's), so the LP's
// costs from near-zero to zero-carbon never fall, and with the low-carbon
// entry the cheaper of the two, the roadmap's costs never fall either (a
// later stage cheaper than an earlier one would mean an earlier solve was
// not optimal) — in the LP's objective: the totals leave out what only the
// objective counts (Valued storage's end credit, the tie-breaks), so where
// low-carbon keeps its own design beside a near-zero design within its
// limits (above) near-zero's total may be the lower; a design whose schedule was settled is costed on the
// settled schedule, so there a later stage may cost less (Roadmap.Warnings
// says which).
//
// The residual in the rows counts negative accounting factors (marginal
// rates such as EPA AVERT's) as 0: it is never below the ledger's, so a
// plan meeting the rows meets the ledger's indicators, and no plan can
// "earn" carbon credit by importing (and exporting or burning in battery
// losses) when the factor is negative — an artefact of location-based
// accounting with marginal rates. Likewise the core indicator counts
// storage losses as consumption (GB/T 2589): a park could lower its carbon
// per unit energy by cycling batteries to waste renewable energy; the
// batteries' wear cost and the dispatch's tie-breaks make that cost money,
// and on the demo the plan does not do it.
//
// The rows are always in the LP; a stage switches its own on through the
// bounds of its slack column (≤ 0 on, free off) and of R, Uns, O and C,
// so every question asked of one Model changes column bounds only and one
// solver instance answers them all.
//
// # Heat
//
// On a park with heat ([model.Park.HasHeat]) the Blocks carry the
// dispatch's heat columns and rows (heat balance, thermal-store
// recursion) and their Cost terms: fuel at its price and heat bought at
// its price (negative prices as 0). The plan adds, with the ledger's
// definitions ([dispatch.HeatReport]):
//
//	Hkgce − Σk w Σt Δt·(Σ_f kgce_f·fuel + Σ_p kgce_p·ph) = 0     (fuel burnt and heat bought, kgce)
//	Ckgce − Σk w Σt Δt·Σ_f renewable kgce_f·fuel = 0            (its clean part)
//	Chp − Σk w Σt Δt·Σ chp = 0,  UnsH − Σk w Σt Δt·uh = 0       (CHP electricity, unserved heat)
//	R gains Σk w Σt Δt·(max(f_fuel, 0)·fuel + max(f_p, 0)·ph)/1000
//
// with fuel = heat/η (boilers) or electricity/η_el (CHP), kWh of LHV.
// The core row's consumption becomes k·(Imp + Ren − Exp) + Hkgce; the
// clean-share row adds (1 − q)·Hkgce/k − Ckgce/k, q = (1 − s)·g (what is
// not clean less the allowance of it, over every carrier, in kWh of
// electricity's kgce). The ledger counts certificates only up to the
// import (min(held + C, Imp)), and min is concave, so the share is two
// rows: that one (the certificates cover the import) and, with heat,
// Hkgce/k − Ckgce/k ≤ q·(Imp + Ren − Exp + Hkgce/k), written
// (1 − q)·Hkgce/k − Ckgce/k − q·(Imp + Ren − Exp) ≤ 0: with every kWh
// imported made clean, the fuel and heat bought that are not clean are
// within the allowance (slack sCleanHeat, switched with sClean). Without
// heat the second cannot bind. With the first alone a
// park burning gas was planned certificates past its import to cover its
// gas, and the ledger refused the stage planned
// (TestCleanShareCertificatesOnlyCoverImport; QA, session 37); the
// shadow price below is the two rows' duals together (a MWh more allowed
// loosens both). The
// renewable-share row counts Chp as grid energy (the ledger traces CHP
// electricity as grid origin); the baseline B adds the ledger's heat
// baseline (the heat load on the boilers and heat bought, business as
// usual: no plan changes it); the unserved-load gate also bounds UnsH
// by tol·g·(heat load), as the ledger takes the larger share.
//
// Candidates: a heat pump's added capacity (kW_th of heat out) widens
// hp[t,j] ≤ CapacityKWTh + add[j] — its COP, the coefficient of hp in
// the power balance, is the pump's in every step, whatever its size; an
// electric boiler's likewise widens eb[t,k] ≤ CapacityKWTh + add[k] at
// the boiler's efficiency (1/η in the power balance). Each heat pump and
// each electric boiler is a candidate of its own (none pooled), their
// sum within the technology's bound, so the LP adds where a kW_th does
// most; a candidate technology with no asset to extend is an input error
// naming its economics key (the added capacity takes the asset's COP or
// efficiency: give the park one of capacity 0). Fuel boilers
// (economics.fuel_boiler, per kW_th) widen fb[t,f] ≤ CapacityKWTh +
// add[f] at the boiler's efficiency and fuel. A CHP (economics.chp, per
// kW of electricity out) widens chp[t,c] ≤ CapacityKW + add[c] on its
// electricity column: the dispatch's rows are unchanged, so the added
// capacity's heat (η_th/η_el per kW, in the heat balance), its fuel and
// carbon all follow the one column, and so does its variable O&M
// (model.CHP.VariableOMPerKWh, per kWh of electricity, in the dispatch's
// cost terms); no minimum load. Without a heat dump the heat must be used
// or stored, so the candidate is capped by the heat load (and what the
// stores can shift). With one (model.CHP.HeatDumpKWTh: the dispatch's dump
// column and row, in the Block, bounded by the park file's capacity, which
// the plan does not size nor cost) it may grow beyond the heat load for its
// electricity, up to what the heat load and the dump take together:
// TestHandCHPCandidateWithADump builds 10 × 7/9 = 7.8 kW on 10 kW_th of
// heat without a dump, (10 + 100) × 7/9 = 85.6 kW with a 100 kW_th dump,
// the electric load's 100 kW with 200 kW_th, and none where the grid's
// price does not pay for it; each design park re-runs to the same CHP
// output and dumped heat. TestHeatDumpAgainstOracle compares such LPs
// with the interior-point oracle.
// The heat baseline depends on which conventional heat sources the park
// has, not on their capacities (dispatch's "Heat"), so a design's
// baseline is today's park's whatever it adds, and the plan's reduction
// row is the ledger's. TestHandCHPDay sizes a gas
// CHP by hand (low-carbon against a 1.0 kg/kWh grid with gas at 0.2) and
// TestFuelBoilerOnlyWhenHeatIsShort a boiler (built only when no heat can
// be bought for the peak). A
// thermal store's added energy (kWh_th) widens its content row
// tsoc[t,s] ≤ span·(E + add) and its flow −(Pch + r·add) ≤ tnet ≤ Pdis +
// r·add, r = [model.AddedStoreKWThPerKWhTh]. Thermal stores are linked
// across the period by the batteries' rows (Cyclic or Valued, their end
// valued by [dispatch.EndValues]; over representative periods Kotzur's
// rows, below, with the standing loss as the retention). With every
// capacity fixed and Valued storage
// the plan is the dispatch's perfect foresight under Cost
// (TestHeatFixedCapacitiesArePerfectForesight); TestHandHeatPumpDay sizes
// a heat pump by hand and TestHandElectricBoilerDay an electric boiler
// (near-zero-carbon forcing electrification on free surplus wind).
//
// # The grid connection
//
// economics.grid_connection ([model.GridConnectionEconomics]) makes the
// connection's import limit L (grid.import_limit_kw, finite) a candidate,
// [TechGrid], one column addGrid ∈ [0, max_total_kw − L] kW with no asset
// to extend (Addition.Asset "grid"). The Block bounds each step's import
// by L as the dispatch does; with the candidate the plan writes the row
// imp[t] − addGrid ≤ L for every step of every segment and widens the
// column to L + the most that may be added, as it does for PV and
// batteries; the demand charge's peak rows read the same import columns,
// so a raised limit raises the peak it may pay for. A transformer carries
// both directions: where the export limit equals L
// ([model.Grid.RaisesExport]) exp[t] − addGrid ≤ L too, and the design park
// raises both; an export limit below L (a utility's cap, 0 for none) or
// unlimited is not the transformer's and stays. addGrid costs c_u·Y a kW
// like any candidate (capital_per_kw is required: no public generic figure
// fits a park's connection). Without the candidate nothing is written, and
// the LP is the one it was (TestGridCandidateLeavesOtherLPsAlone compares
// its digest with main's before the change). The design park carries the
// raised limits, so its re-run through the dispatch costs what the plan's
// schedule costs (TestGridDesignParkReruns).
//
// TestHandGridConnection: one day of a flat 300 kW behind 200 kW, lost load
// at 1 USD/kWh, import at 0.10 USD/kWh. A kW of connection serves 24 kWh
// a day that would be shed, worth 24 × (1 − 0.10 − 0.0001) = 21.5976 USD a
// day net of its energy and the dispatch's throughput tie-break, 7,883.12
// USD a year: at an annuity 1 % below that the plan adds exactly 100 kW,
// 1 % above it nothing. TestGridAgainstBattery lets a battery and the
// connection compete for an evening peak (battery power 101.7 and energy
// 26.5 USD a year at REopt's defaults against 160 USD a kW-year of
// connection): the battery takes the top hour, the connection the rest,
// and with a demand charge of 15 USD/kW-month the battery takes the top
// four hours; HiGHS and the interior-point oracle agree, and no connection
// size of a brute force (each a park of its own, the battery free) is
// cheaper. Representative periods, slices, whole steps (unit_kw) and the
// frontier reuse the build (TestGridReductionsAndUnits).
//
// # Whole units
//
// A technology whose economics give a unit size (model.TechCosts.UnitSize:
// economics.wind.unit_kw for a turbine, battery.unit_kwh and
// battery.unit_kw for a block, pv.unit_kwp, heat_pump.unit_kw_th,
// thermal_storage.unit_kwh_th, electric_boiler.unit_kw_th, chp.unit_kw,
// fuel_boiler.unit_kw_th, grid_connection.unit_kw) is bought in
// whole units, PyPSA's modular expansion (p_nom_mod). Each of its
// candidates gets a count column n ∈ [0, ⌊room / size⌋] and the row
//
//	add[c] − size·n[c] = 0
//
// A battery whose energy and power both have a size adds whole blocks:
// one n for both rows (a container's cells and converter come together),
// n within the fewer blocks either room allows; with one size given only
// that part is whole and the other any amount. The plan is then a
// mixed-integer program in every question with the capacities free (the
// stages, the frontier's points and its least residual, the diagnoses of
// a stage out of reach: what they report is what whole units reach — a
// relaxation would call reachable what no whole design reaches); with
// every capacity held (today's park, [Model.Evaluate], which refuses a
// design that is not whole units) the counts follow and the LP is one.
// A design park that leaves room for less than one unit below a bound
// (two 100 kW turbines under 250 kW) is written with that bound set to
// its total: no unit more fits either way, and the park reads back (a
// user's park with such room is refused, "no whole unit fits").
//
// The plan solves it by its own branch and bound (units.go): the LP
// relaxation first, then depth first the two children of the count
// furthest from a whole number (n ≤ ⌊v⌋, n ≥ ⌈v⌉, the nearer first), a node
// pruned when its relaxation costs no less than the best whole design less
// Options.MIPGap (relative; default 1e-4, highs.DefaultMIPGap); the
// design's UnitSearch records the gap asked and reached (against the least
// relaxation of a node so pruned below the design's cost), the LPs solved,
// those cut off (below), their simplex iterations, and whether any node
// was pruned within the gap. Each node is the same LP with a few count
// bounds moved, so it hot-starts dual simplex: the first child from its
// parent's optimal basis, the one the solver holds; the second, solved
// after the first child's subtree, from its parent's basis put back (its
// count is basic there, so the basis stays dual feasible and the dual
// objective climbs from the parent's cost; the last basis of the other
// subtree has that count at its far bound, and the dual objective starts
// far below). Once a whole design is found, a node's dual simplex runs
// without cost perturbation and stops as soon as its dual objective — a
// bound on the node's relaxation — passes that design's cost (HiGHS's
// objective_bound: cut off, lp.ErrObjectiveBound). The bound is the
// design's cost itself, not less the gap, so a node cut off is no part of
// the gap reached; without the perturbation because HiGHS stops only when
// the dual objective of the unperturbed costs passes the bound, and with
// the perturbation on one column without an upper bound whose reduced cost
// is a hair below 0 makes it −∞ (units.go, prepareNode). A plan has few
// candidates with a few units of room each, so the tree stays small.
//
// The roadmap's relaxations start as a continuous plan's would: near-zero's
// root from the warm start's pins (the warm Models solve the relaxation,
// Model.warmNearZero), and zero-carbon's nodes each from near-zero's
// optimal basis of the node of the same bounds by one dual pivot
// (solveOneRow; the tree is usually near-zero's, the offsets covering the
// residual). A basis put back is put back under Devex pricing, as after a
// primal simplex solve (the warm root's): dual simplex with HiGHS's
// default pricing would first compute a steepest-edge weight for every
// row.
//
// HiGHS's own branch and cut (Options.HiGHSMIP: the counts integer
// columns, lp.Problem.Integer) gives the same designs
// (TestWholeUnitsAgainstEnumeration runs both against an enumeration of
// every count with the capacities fixed, and checks that nodes were cut
// off) but spends its time in root cut rounds, each a dual simplex solve
// of the whole LP: on the Texas demo over 12 typical weeks, with 2,000 kW
// turbines and 2,500 kWh / 1,250 kW blocks, the roadmap's three stages
// took 218 s by HiGHS's MIP (near-zero 98 s: 7 s for the root LP, then 10
// s per cut round) against 16 s by the branch and bound as it was then
// (4.1, 8.3 and 3.9 s), the same designs and costs (one instance, by hand,
// 2026-12-02).
//
// The roadmap's three stages by the branch and bound, the same units, one
// instance (Options.Solvers 1), before the node starts and the cut-off
// above and after, run in turn on two cores shared with other work (load
// average 3–7) on 2026-12-02 (go test ./plan -run '^$' -bench
// '^BenchmarkRoadmapUnits$/^(weeks=12|slices=2016|full)$' -benchtime 1x,
// a test binary of each build run in turn; the park file's economics, as
// `zeropark plan` uses them on the default demo, texas2012; wall time,
// today's park, the model and the warm start included, then each stage's
// solves; plan-units in benchmarks/BENCHMARKS.md has the 12 weeks and the
// slices as measured last; the continuous column as measured before, the
// same day):
//
//	                      before                            after                           any amount
//	12 typical weeks      10.7 s (1.0 + 6.1 + 3.1)          3.7 s (0.4 + 2.1 + 0.2)         5.9 s
//	2,016 slices          16.0 s (1.1 + 8.2 + 6.3)          6.2 s (0.5 + 3.5 + 0.4)         7.0 s
//	full year (8,760 h)   492 s (29.0 + 260.7 + 199.7)      90.9 s (8.6 + 66.8 + 1.9)       60.5 s
//
// The full year's searches, node by node (TestUnitsTrace with
// PLAN_UNITS_TRACE=full, which prints them; the simplex iterations do not
// depend on the load, the seconds do): near-zero's and zero-carbon's trees
// are 5 nodes, each low-carbon variant's 3; the dive finds the design the
// search keeps (one turbine, two blocks for near-zero), and every node
// after it lies above it: 779 thousand against 656 thousand USD a year for
// low-carbon, 1.778 and 1.640 million against 1.597 million for near-zero.
// Before, those nodes were solved to their optimum from the last basis:
// 9,137 and 9,970 iterations for low-carbon, 11,392 and 20,853 for
// near-zero, 11,521 and 22,840 for zero-carbon, whose root took 16,709 from
// near-zero's last node and whose other nodes retraced near-zero's; the
// near-zero root took 94 s cold by interior point. After, they are cut off
// in 200, 200, 10, 16, 10 and 16 iterations, zero-carbon's search takes 29
// iterations in all (one for each of its dive's three nodes), and the
// near-zero root 9,708 primal iterations from the warm start's pins (39 s
// in that run, load average 5): 21,028
// simplex iterations for the three stages against 123,886 and the
// interior-point root. The near-zero root is now most of the full year.
//
// Tried and not kept, on the same demo (2026-12-02):
//   - reduced-cost fixing (a count at a bound of its parent's relaxation
//     with reduced cost d moves at most (incumbent − parent's cost) / |d|
//     units from it), at each node from its parent's reduced costs: over
//     12 weeks and over 2,016 slices it tightened 4 bounds in 6 checks and
//     pruned no node. The count a node branches on is basic in its
//     parent's relaxation, its reduced cost 0; the bounds it tightened were
//     of counts no node moved, and changed the iterations of one node
//     (over the slices, 548 against 716, from the last basis, before the
//     parents' bases were put back; not measured since, such nodes now
//     take tens to hundreds).
//   - best-bound order once an incumbent exists: every node solved after
//     the first incumbent, in all three stages and over all three periods,
//     was pruned by its own relaxation, so no order solves fewer; with the
//     cut-off they cost tens to hundreds of iterations.
//   - a wider default gap. REopt solves its MILP to a relative gap of 1e-3
//     (optimality_tolerance, passed to HiGHS as mip_rel_gap; NREL's
//     REopt_API, reoptjl/models.py and julia_src/os_solvers.jl, January
//     2026). On the full year that would prune near-zero's two last nodes
//     before their LP (their parents' relaxations lie 0.02 and 0.05 %
//     below the design), which now take 26 iterations: the default stays
//     1e-4.
//   - an incumbent from 2,016 slices, evaluated over the full year before
//     the dive: not built. The dive's first incumbent took 349 iterations
//     (near-zero) and was the design kept; an incumbent known earlier
//     prunes no node of the dive, whose relaxations lie below every whole
//     design, and the nodes after it are cut off anyway.
//   - cost perturbation kept on with the cut-off: near-zero's two last
//     nodes over the full year took 11,272 and 9,414 iterations (the first
//     ran to its optimum) against 297 and 587 without (both from the last
//     basis, before the parents' bases were put back). From the last
//     basis, without the perturbation, low-carbon's second variant's last
//     node took 7,127 iterations, its dual objective starting at 522
//     thousand USD against its parent's 652 thousand; from its parent's
//     basis, 200.
//   - Devex pricing set for a hot start: HiGHS reads the pricing only when
//     it sets the simplex up afresh (a basis put back), so the iterations
//     over 2,016 slices were unchanged; hence the basis put back.
//
// Seeding a search was measured and not kept (2026-12-02, code written
// for it, not in the tree): after the root's relaxation, the instance's
// earlier answers of the question's stage or above (and near-zero's for
// zero-carbon, which usually keeps that design and buys offsets), each
// solved with every count fixed so that one missing the question is
// dropped, gave the same costs but pruned no node on the Texas demo: the
// depth-first dive already finds the optimum, and the other nodes prove
// it. Over 12 weeks the tree was 16 nodes either way and the seeds two
// solves more (19 against 17, today's included); over 2,016 slices 19
// against 17 solves, 84.0 s against 43.9 s (the second low-carbon
// variant's seed cost 12 s). A low-carbon answer tried for near-zero and
// the root's counts rounded up pruned no node either (26 solves over 12
// weeks). Measured with BenchmarkRoadmapUnits/weeks=12 and
// /slices=2016, -benchtime 1x, old and new in turn, on two shared cores
// (load average 10–13: the seconds are noisy, the solve counts are not);
// the full year, where each node is slowest, was not re-run.
//
// 2,016 slices chose the full year's units (one turbine, two blocks;
// near-zero 1.68 M against 1.60 M USD a year over the full year), 12 weeks
// a block more (1.79 M). The designs' Additions say Units and UnitSize; a
// MIP has no duals, and a node's are not the answer's (its Result's
// ReducedCost is NaN).
//
// # Unreachable stages
//
// When no design within the candidates' bounds reaches a stage, the
// error ([*UnreachableError], [ErrUnreachable]) names what binds: the
// stage's indicators are tried one at a time with every candidate free up
// to its bound — unserved load alone (least unserved energy), on a park
// with heat unserved heat alone (least unserved heat), then the
// reduction against the baseline (least residual) or, for low-carbon,
// also the renewable share, then carbon per unit energy (least ratio, by
// Dinkelbach's method: minimise N − λ·D, λ ← N/D, until λ settles) — and
// the first out of reach is reported with its best value and threshold,
// e.g. "near-zero-carbon is out of reach: with PV up to 12,000 kWp (its
// bound), …, carbon per unit energy is at best 0.31 tCO2/tce against ≤
// 0.2". If each is reachable alone but not together, the error says so.
//
// On a park with heat, when carbon per unit energy binds, the error also
// says which side binds ([CarbonSides]): the residual is the grid
// import's carbon plus the heat side's (the fuel burnt by boilers and
// CHP, the heat bought), so the best value splits into the two at the
// plan that reaches it, and each side's carbon alone over the consumption
// is minimised by the same method, the other side's not counted. A side
// whose least alone is above the threshold keeps the stage out of reach
// by itself: "the heat side binds" when heat pumps and electric boilers
// within their bounds cannot take enough heat from fuel, "the grid import
// binds, not the heat side" when the heat could do without fuel but the
// electricity the park must import is too carbon-intensive. On the
// greensboro-heat demo (12 typical days) near-zero is at best 1.66
// tCO2/tce, 1.07 of it the grid import's and 0.596 the gas boilers'; the
// heat side alone can reach 0 (heat pumps up to 8,000 kW_th carry all the
// heat), the grid import alone no better than 1.07: the grid import binds
// (the best plan still burns gas: its 1.64 tCO2/tce is below the grid
// electricity's, any factor above 0.2 kg/kWh over 0.1229 kgce/kWh, so it
// lowers the ratio). TestUnreachableNamesTheSide
// redoes both sides by hand on a day's heat park.
// [Model.EvaluateUndiagnosed] asks none of these questions: its error has
// only the stage and the bounds (UnreachableError.Undiagnosed).
//
// # Staged roadmap
//
// [Model.Roadmap] solves each stage on its own, so the roadmap need not
// be nested: near-zero's cheapest design may have less of a technology
// than low-carbon's (on a test week, plan's TestStagedRoadmap,
// low-carbon adds mostly PV and near-zero wind and a battery and no PV).
// A park that builds low-carbon's design first cannot then follow it.
// With Options.Staged the roadmap answers "given what low-carbon built,
// what more for near-zero?": low-carbon is solved as before, then
// near-zero with each candidate's added capacity bounded below by
// low-carbon's design (a lower bound on its capacity column, capped at
// the candidate's bound, set for that question only; with whole units on
// its count of units too, at least the design's count and at most those
// that fit in the room, so that a room that is not a whole number of
// units never leaves the count's lower bound above its upper one), then
// zero-carbon likewise on near-zero's. Each stage is then the cheapest
// design that keeps the one before it: it costs at least the independent
// stage's, and at most what operating the candidate-wise larger of the
// two independent designs costs. Design.StepInvestment is what each
// stage invests beyond the one before (its Investment less that
// design's; roadmap.json's and roadmap.csv's step_investment).
//
// How it is solved: the independent roadmap first, as without
// Options.Staged (warm starts and two instances included); then, from
// near-zero on, a design that does not add at least what the stage before
// it adds is solved again with the lower bounds, on the Model's first
// instance. A design that already does is the staged optimum as it is:
// the staged question only narrows the independent one's feasible set,
// and the independent optimum lies in it. So a nested roadmap, the
// demos' (TestStagedNested; the Texas demo over 4 typical weeks printed
// the same additions and costs either way), costs no more time than the
// independent one, and only the stages that break the nesting cost a
// solve more (with whole units a branch and bound more, the plan's own:
// on a three-day test park, TestStagedWholeUnits, near-zero and
// zero-carbon solved again that way are the cheapest of every count of
// units in the box that holds the stage before's, enumerated). The first
// version solved every stage with its bounds in turn on one instance,
// without near-zero's warm start (its pinned basis need not satisfy the
// bounds): the Texas demo's full year took 112.6 s; this way 21.4 s (the
// independent roadmap's 18.6 s in the benchmark an hour before), the same
// tables (`zeropark plan --staged --no-check`, 2026-12-02, by hand, one
// after the other).
//
// Two more differences. The low-carbon entry is always low-carbon's own
// design (no higherForLow: near-zero's design contains low-carbon's by
// construction, so the entry that is near-zero's design, there for a
// very clean grid, has no place). A low-carbon out of reach leaves
// near-zero nothing to build on: near-zero keeps its design from today's
// park, with a warning saying so; a stage out of reach on its own stays
// out of reach with lower bounds (its diagnosis is the independent one).
//
// Options.Progress counts a staged roadmap's two staged steps beside its
// four solves ([RoadmapSolves]): near-zero's and zero-carbon's, each
// counted as it is decided, solved again or found to hold the stage
// before already. The total announced at the start is the most; a user
// watching sees the count climb to it, never fall back, and reach it
// only when the roadmap is done.
//
// # Pathway (myopic)
//
// [Pathway] answers "what do we build by 2027, what more by 2030, by
// 2035?" with myopic foresight, the simplest honest form of
// multi-period investment (PyPSA-Eur's "myopic" mode): milestone by
// milestone, in increasing years with targets that never fall
// ([CheckPathway]), each milestone is [New] and [Model.Plan] of its
// target on the previous milestone's design park (its Design.Park; the
// caller's park for the first), so what was built is existing capacity,
// sunk for the decision. Each milestone sees its year y through
// [Trends]: the grid's carbon factors — the dispatch signal and the
// accounting factor, constants and series columns alike, on copies —
// × (1 − g)^(y − BaseYear), every capital cost, the defaulted ones
// too, × (1 − c)^(y − BaseYear), from the caller's park's costs each
// time (they do not compound; model.Economics.WithCapitalScaled), and
// every electric and heat load's scale × (1 + l)^(y − BaseYear), from the
// caller's scales each time (TestPathwayLoadGrowth). With an internal
// carbon price (Options.CarbonPricePerTCO2e, the base year's; "A carbon
// price in the design") each milestone's design and today's park's
// operation are priced at it × (1 + p)^(y − BaseYear), p
// Trends.CarbonPriceGrowthPerYear (PathwayStep.CarbonPricePerTCO2e;
// TestPathwayCarbonPrice); the costs a year and the present value stay
// what is paid, the carbon at the price apart (Design.CarbonCostPerYear).
// Fixed O&M, energy, fuel, offset and certificate prices stay as the park
// file gives them. Offsets and
// certificates are bought for a year, not built: each milestone starts
// from the caller's park's market, not from the design park's. A
// milestone's Design.Park has its year's capital costs but the caller's
// grid carbon signals (a column names the caller's unscaled series, so a
// constant is left unscaled too): the grid of each year is the caller's
// scaled afresh, never the milestone before's scaled again
// (TestPathwayConstantGrid). [PathwayStep.OperationInputs] gives a
// milestone's design park and series with its year's grid applied, a
// copy of each: what scenario.Scenario.CheckMilestone (and `zeropark
// plan pathway` unless --no-check) re-runs through the dispatch, as a
// roadmap's designs are re-run.
//
// Stage thresholds staged by year. Where the caller's park has
// StageThresholdsByYear (a park file's stage_thresholds_by_year: a
// province's targets for 2027, 2030, 2035), the milestone in year y is
// sized and judged against [model.Park.StageThresholdsIn](y): the park's
// StageThresholds with the keys of the last entry of a year ≤ y laid
// over them, an entry in force until the next one's year — Options.Ledger
// with that entry's thresholds applied ([dispatch.LedgerConfig.WithStageThresholds]),
// so what the caller set beyond the park file is kept where the entry
// leaves a key out; the caller's own clean-share condition
// (Options.RequireCleanShare, --require-clean-share: the user's word for
// the run; or one in Options.Ledger that the park file's stage_thresholds
// does not make) is kept over an entry's require_clean_share false too,
// as the flag stands over the file's false, also where the file's
// stage_thresholds requires it as well, while an entry's false lifts the
// file's own requirement where the caller has none
// (TestPathwayStagedCleanShareRequirement). Its Design.Park
// carries them as its StageThresholds, with no staging (the park of one
// year: `zeropark run` on it judges the design as the milestone did), and
// PathwayStep.StageThresholds and StageThresholdsFromYear say which were
// in force; each milestone takes them from the caller's park, never from
// the milestone before's (TestPathwayStagedThresholds: each milestone's
// cost equals a plan of the park built before it with its year's
// thresholds, and its limit binds).
//
// What is counted. A Design's FixedOMPerYear and CapitalPerYear are its
// additions' only: the O&M of capacity a park already has is not in
// TotalCostPerYear (it is the same in every design of that park). So a
// milestone's design counts its own step's annuity and fixed O&M, its
// operating cost (of everything built so far), its offsets and
// certificates; PathwayStep.CostPerYear adds EarlierStepsPerYear, the
// annuities and fixed O&M of every earlier step, each at its own year's
// capital cost: the cost a year of the pathway at that milestone, as the
// park pays it (capital sunk for the decision is still paid). The
// caller's own park's fixed O&M is counted nowhere, as in every plan.
// TestPathwayMoney redoes it by hand on two milestones.
//
// Properties, each tested. Without trends the last milestone costs at
// least the independent cheapest design of its target (it is one design
// that plan could have chosen, bought all at once at the same prices):
// equal on a three-day park whose designs nest, 390,767 against 386,801
// a year on the week whose low-carbon design is mostly PV and whose
// near-zero design has none (TestPathwayMyopiaCosts). A grid cleaner by
// a factor loosens near-zero's and zero-carbon's carbon rows and costs
// nothing, so such a milestone costs no more a year with a decline than
// without; low-carbon's reduction is measured against a baseline (the
// load from the grid) that is as much cleaner, so it is not loosened.
// Nothing holds about a step's investment: the cheaper design need not
// invest less.
//
// Present value ([PathwayResult.Value]). Year t = 1…N of the analysis
// period (economics.analysis_years, N; calendar year BaseYear + t) pays
// the CostPerYear of the latest milestone of year ≤ BaseYear + t, or
// today's park's TotalCostPerYear before the first ([PathwayResult.Today]:
// solved on the first milestone's Model, at its loads; its cost-optimal
// dispatch, which a uniformly scaled grid does not change), discounted by
// (1 + r)^−t at the park's discount rate r; today's park kept as it is
// over the same years is the reference, each year at the loads of the
// milestone in force (PathwayStep.TodayCostPerYear: solved again on a
// Model of its own for a milestone whose loads differ from the first's).
// Capital enters as its annuities: a step bought
// in year y is paid from y on, at the annuity of its year's capital cost,
// so a life that ends within the period is renewed at the same annuity
// and one that outlasts it is paid only for its years within (the
// equivalent-annual-cost view). PathwayValue.CashFlowPresentValue
// values the same years as cash flows, as [Design]'s NetPresentValue
// does: each step's capital net of incentives paid as its milestone's
// year begins (τ = year − base − 1 years after the base year, at least
// 0), bought again at the end of each lifetime within the period, the
// straight-line value of the life left at the period's end credited, and
// every year the milestone in force's operation, offsets and
// certificates and the fixed O&M of everything built by then. At a rate
// of 0 the two agree (K × (N − τ)/L either way:
// TestPathwayCashFlowValueNoDiscount); TestPathwayCashFlowValue redoes a
// one-step pathway by hand at 6 %. A milestone after the period's end is
// in force no year. With load
// growth, a milestone's costs are at its year's loads for all its years
// in force (the last milestone's to the period's end): the load grows on
// between milestones and the figures do not follow it, a step function
// that understates growing costs; milestones every few years keep the
// steps small. A pathway
// stopped by a milestone out of reach has no value. TestPathwayValue
// redoes it by hand (annuity factors 2.673012 and 12.783356 at 6 % for
// 3 and 25 years).
//
// A milestone out of reach on the park built before it ends the pathway:
// its PathwayStep has the [*UnreachableError]'s text (capacity that may
// not grow named as "built by" the year of the milestone before, not
// "today's") and no Design, and
// later milestones are not planned (they would have nothing to build
// on). Options.Progress is called after each milestone with the
// milestones done and asked for (the Models of the milestones report
// nothing).
//
// Limits: myopic (no milestone anticipates the next; a perfect-foresight
// plan would solve all years at once); one weather and load year repeated
// at every milestone, scaled as a whole by the load growth (the load's
// shape does not change, no electrification beyond the candidates); no retirement at the end of a lifetime (a step's annuity
// is paid at every later milestone, and its capacity kept, however long
// the pathway). Each milestone's cost is a year's, in the park file's
// money; the present value above discounts them.
//
// # Cost–carbon frontier
//
// [Model.Frontier] bounds R by ε (R's upper bound: no row changes),
// from the residual of the cheapest design with no target to the least
// residual reachable (minimise R), in evenly spaced steps, unserved load
// at the ledger's gate throughout and, from the least residual on, at
// most the least any design within the bounds leaves (none where all the
// load can be served): shedding load within the ledger's tolerance would
// buy carbon at the value of lost load, which a point's total leaves out,
// so a tighter bound could come out cheaper. The least cost as a function of ε is
// the value function of a parametric LP in a right-hand side: non-
// increasing in ε and convex (TestFrontierMonotoneConvex). Each point
// hot-starts from the last.
//
// Each point between the first and the last reports its marginal abatement cost
// (FrontierPoint.MarginalCostPerTCO2e, the CO2 constraint's shadow price a
// PyPSA user reads from its global constraint's dual): −d for d the reduced
// cost of R at the optimum, in money per tCO2e (the objective is money
// and R tCO2e over the same period, so no year factor enters), less the
// share of it the dispatch's tie-breaks make (dispatch.Block.TieCosts: a
// few hundredths of a cent per kWh; their duals at the optimum's basis,
// lp.BasisDuals, taken out, duals being linear in the costs at a fixed
// basis). It is the derivative in ε of the LP's objective less its
// tie-breaks, which is the point's total cost up to the objective's other
// terms above (import at max(price, 0), the value of lost load, the end
// credit with Valued storage): on a one-day PV case the totals' slope of
// 62.19 USD per tCO2e (TestFrontierMarginalCostHand), where the LP's own
// dual, tie-breaks included, read 61.89 — on a grid of 0.04 kgCO2e/kWh
// 3.75 USD per tCO2e below the arithmetic (planner's QA, 2026-12-04). It
// lies between the secant slopes of that money to the neighbouring points
// and equals the finite difference of a re-solve at ε ± δ off a kink
// (TestFrontierMarginalCost). A backend that cannot price other costs at
// its basis leaves the tie-breaks in. The first point has none:
// it is solved with R free, and a bound at its own residual would bind
// degenerately, its dual anything between 0 and the slope towards the
// next point (on a random test week a solve there gave 1.3 per tCO2e,
// the secant to the next point 245). The last has none either: its bound
// sits a hair above the least residual reachable, at the edge of the
// feasible bounds, and its dual is the slope of the frontier's last hair,
// any value at or above the secant from the point before — the cost of
// the last tonnes any design can abate, not the design's abatement cost
// (greensboro-heat, `zeropark plan frontier --periods 12 --period-length
// 168h`, December 2026: 2.9 million USD per tCO2e against that secant's
// 2,882). Nor do whole units (a MIP has no duals) or a
// solver without reduced costs: nil, never a default 0.
//
// Each point's Design.Park is a park ready to run, built as a stage's
// design's (today's park with the additions, the market holding what is
// held, the clean share required where the plan requires it, carried
// before the ledger judges the point: a park file's require_clean_share
// false does not override Options.RequireCleanShare at the points);
// `zeropark plan frontier --out` writes it as park-point-K.json. A
// dispatch run of it at least cost under perfect foresight reproduces the
// point's operation where the bound does not bind in operation (point 0),
// with Valued storage (the run's ends); where it binds, the run, which has
// no bound on R, may emit more.
//
// A frontier traced over representative periods or slices is measured
// over the full series by [Model.EvaluatePoint] on a full-series Model:
// each point's design with its capacities fixed and R ≤ ε at the point's
// own ε a year (point 0 unbounded, as it was solved), one question a
// point, cold (every capacity fixed: the dispatch LP once presolved). A
// design whose capacities cannot hold ε over the full series is an
// [*OverBoundError] with the least residual they reach there (one more
// question, R minimised). Like the frontier's bounded points, a bounded
// evaluation holds ε by operating, never by leaving more load unserved
// than the capacities must (the least: leastShed, asked only where
// serving it all is infeasible); before that cap, two of Texas's twelve-week
// points "held" by shedding a few MWh a year within the ledger's 0.1 %. A
// design that cannot keep unserved load within the ledger's tolerance at
// all over the full series (an import limit under a peak the reduction
// smoothed) misses for that (OverBoundError.Unserved). On the greensboro demo over 2,016 slices
// (`zeropark plan frontier --demo greensboro --slices 2016`, 2026-12-04,
// before the cap) nine of the eleven points missed by 0.1–3.4 %, their ends held within
// 0.2 % of cost; plan-frontier11-weeks12 in BENCHMARKS.md measures the
// same over 12 weeks on Texas (how many hold, the worst cost error of
// those, and the time against the frontier's).
//
// # Shadow carbon price
//
// Each stage design reports its shadow carbon price
// (Design.ShadowCarbonPricePerTCO2e): what the design's cost a year would
// fall by per tCO2e a year more of residual allowed — the marginal cost
// of the stage's carbon limit, the figure a planner compares with a
// carbon price, an offset price or an internal carbon fee. It is y, the
// dual of the row that defines R (R − Σ w·Δt·(import·max(f, 0)/1000 +
// heat carbon) = 0, lp.Result.RowDual): allowing δ tCO2e more is that
// row's right-hand side at −δ, R = E − δ in every stage row at once, so
// the cost over the period falls by y·δ; money over the period per tCO2e
// over the period, so no year factor enters (as for the frontier), less
// the tie-breaks' share of y (below). Prices quoted in this documentation
// from runs before 2026-12-04 carry that share, within about 1 USD per
// tCO2e on the demos' grids (0.3–0.9 kgCO2e/kWh). By the
// reduced cost of R it is the sum of the duals of the stage's rows R
// enters: for low-carbon its emissions row (R's upper bound), for
// near-zero its core row (1000·its dual), for zero-carbon the core row
// and its offsets row (R ≤ g·(held + O): the offset price / g where
// offsets are bought). Low-carbon's emissions row is not near-zero's
// ("Stage rows"), so near-zero's price is its core row's alone; a
// roadmap's low-carbon entry that is near-zero's design ([Model.Roadmap])
// carries near-zero's price, the marginal cost of reaching at least
// low-carbon where that design is the cheaper. A zero-carbon design is
// usually near-zero's plus offsets, and its price then near-zero's: a
// tonne emitted costs its offset plus the core row's part, which in
// zero-carbon's LP is near-zero's less the offset price (a tonne the core
// row keeps out is also a tonne not to offset). On the random weeks of
// TestShadowCarbonPriceParts, which reads each row's part from its
// slack's reduced cost and checks that they sum to the price: low-carbon
// 279–287 USD per tCO2e, all its emissions row's; near-zero 522–636, all
// the core row's; zero-carbon within 0.02 % of near-zero's, e.g. 521.89 =
// 501.89 (core) + 20.00 (offsets at 20 / g). Where only the offsets row
// binds (TestShadowCarbonPriceOffsets) the price is the offset price / g. It is the derivative of the LP's
// objective less its tie-breaks (their share of the dual taken out, as
// for the frontier's marginal cost), with the frontier's caveats (import
// at max(price, 0), the value of lost load, the end credit): on the
// one-day PV case of TestShadowCarbonPriceHand the totals' 62.19 USD per
// tCO2e, as derived there by hand (61.89 with the tie-breaks left in); it
// lies between the one-sided slopes of re-solves with δ more and less
// allowed, and equals them off a kink
// (TestShadowCarbonPriceFiniteDifferences).
//
// 0 is a real 0: the stage's carbon rows do not bind (the cheapest
// design is within them) — up to solver noise, floored at 0 within 1e-6
// (before the tie-breaks' share was taken out, a price where nothing
// binds but the residual's own floor carried the tie-breaks alone and
// read −0.057 USD per tCO2e in a planner's check, 2026-12-04; a design
// that emits nothing, R at its floor 0, has that floor's price taken out
// of R's row's dual too, as of the frontier's marginal cost: it read
// −76.4 and −5.4 USD per tCO2e, 2026-12-05) — and a low-carbon design reached by its
// renewable share has no carbon row at all (its renewable-share row binds
// instead, whose dual is no carbon price; on a flat grid factor the two
// variants are one limit, and the renewable one may be kept); and a
// design held below the large-park line where the large parks' limit is
// the stricter ("Stage rows") prices carbon within that band, where its
// own core row may be slack: what binds is the consumption ceiling,
// which no carbon price holds, so the price may be 0 and least-cost
// operation at it (--carbon-price shadow) may cross the line — the
// design's warning says so (QA Z4: 0.0, where the one-band plan of the
// same park priced carbon at 856 USD per tCO2e). nil where
// no dual is defined: today's park and a design with no target (no
// carbon row), a frontier point (its MarginalCostPerTCO2e), whole units (a
// mixed-integer program has no duals; the LP at the whole design's
// counts would price what a continuous plan does, not the choice of
// units), a solver without duals. A design whose schedule was settled
// ("A battery does one or the other") keeps the LP's price, as it keeps
// the LP's capacities: the price belongs to the plan that sized it, not
// to the settled operation. A design from [Model.Evaluate] carries the
// evaluation's price, capacities held: what carbon is worth to that
// design's operation alone. It is often not unique: with the capacities
// held the cost as a function of the residual allowed usually has a kink
// at the design's own residual (the capacities no longer move to balance
// it), every slope between the two one-sided ones is a dual, and which
// one HiGHS returns depends on the basis the solve starts from. On the
// Texas demo's first two weeks (demo_test.go's economics, --limit-hours 336)
// the near-zero design's price is 468.81 USD per tCO2e, equal to both
// one-sided slopes of the plan's LP; held at its capacities, the slopes
// are 347.25 (loosened) and 488.17 (tightened), and Evaluate on the
// roadmap's Model gave 468.81 after the roadmap on one solver instance
// (hot from zero-carbon's basis) and 347.25 on two (by hand on a test
// not kept, re-solves with R's row moved by ±δ as
// TestShadowCarbonPriceFiniteDifferences does, 2026-12-02). Read an
// evaluation's price as one point of that interval, not as the design's
// price; the plan's (Model.Plan, Model.Roadmap) is the one to compare.
//
// Where the stage requires the clean share, the clean-share row's price
// (Design.ShadowCleanSharePricePerMWh) is −1000 × its dual (with heat, the
// two rows' duals summed: TestCleanShareCertificatesOnlyCoverImport checks
// it by hand), money per MWh
// of energy that is not clean (grid import beyond the certificates; with
// heat, fuel and heat bought in MWh of electricity's kgce): the
// certificate price where certificates are bought
// (TestShadowCleanSharePriceHand), 0 where the row does not bind.
//
// # A carbon price in the design
//
// With Options.CarbonPricePerTCO2e = P > 0 the objective gains P × R,
// R the residual's column (tCO2e over the period; the objective money
// over the period, so P applies as it is): every question that minimises
// cost — today's park's operation, each stage's design, an evaluation —
// minimises cost + P × R, the stages' rows unchanged. R is the stage
// rows' residual (grid import at the accounting factor, negative rates as
// 0, and with heat the fuels burnt and the heat bought at their
// factors), before offsets: zero-carbon buys its offsets beside it at
// their own price. A design then cuts carbon below its stage's limit
// wherever a tCO2e costs less than P to avoid, and a stage's row binds
// only where its own price exceeds P. Design.CarbonCostPerYear is P ×
// the ledger's residual a year (the ledger's residual is R, but for
// import in hours of a negative accounting factor, which R counts as 0),
// kept out of TotalCostPerYear, which stays what is paid; designs for one
// stage (the low-carbon variants, near-zero's design as low-carbon's
// entry) are compared on PricedCostPerYear, their sum, the objective's
// figure. The dual of R's row includes P (R's reduced cost is 0 with R
// basic: the row's dual is P plus the stage rows' duals weighted by their
// coefficients), so Design.ShadowCarbonPricePerTCO2e is at least P, P
// alone where the stage's rows do not bind. TestCarbonPriceHand checks
// the break-even price by hand (one day, PV only: 62.19 USD/tCO2e, the
// LP's tie-breaks taken out of the dual) and TestCarbonPriceTrade the
// exchange argument on the Texas demo's first two weeks: with a the
// unpriced optimum and b the priced one over the same feasible set,
// cost(a) ≤ cost(b) and cost(b) + P·R(b) ≤ cost(a) + P·R(a), so R(b) ≤
// R(a). [Model.Frontier] refuses a price: its points minimise cost at a
// bound on R, which a price would let them stop short of.
//
// # Representative periods
//
// With Options.Periods = K the series are aggregated by package
// plan/periods (Ward clustering, medoids; the peak-load period, the least
// renewable period and the highest net-load period kept whole; each
// typical period rescaled to its own cluster's totals, then all to the
// calendar's) into K representative periods of Options.PeriodLength
// (default a day), plus the remainder when the length does not divide the
// series. A period is a run of PeriodLength / step steps from the series'
// first, a block of absolute time: on a series whose UTC offsets follow
// daylight saving (model.ReadSeriesCSV's "series offsets" clock) the days
// after a clock change start an hour off local midnight. The series clustered are, by role, the loads (the total
// electric load and, with heat, the total heat load), each PV array's and
// turbine's availability per unit, the signals (the dispatch signal, the
// accounting factor, each heat pump's COP, each purchased heat's factor)
// and the prices (import, export, purchased heat) — those that vary; each
// is normalised to [0, 1] by its own range (load in kW weighs as much as
// an availability per unit), and equal series share one weight (1/√n
// each, so that their squared distances add up to one series'). The least
// renewable period has the smallest mean of the availability series, each
// relative to its own mean; the highest net-load period the largest load
// relative to its mean less that index (tsam's extreme periods); they are
// kept while K leaves a typical period beside them.
//
// Why the rescaling per cluster: tsam's rescaling scales every typical
// period of a series by one factor so the year's total is kept. The
// medoids of a skewed series such as wind sit below their clusters'
// means, so the factor exceeds 1 and the calm representatives come out
// windier than the calm days they stand for, while a medoid that happens
// to be calmer than its cluster stays so: which day is the medoid moved
// the near-zero design by up to 15 %, in either direction, and not
// monotonically in K. Scaled to their own clusters first, each
// representative carries its cluster's energy of every series.
//
// Measured on the Texas demo (TestPeriodsDiagnosis, PLAN_DIAG=1
// PLAN_DIAG_CONFIGS=w12,d12,d24,d36,d48,d84; the worst stage's total cost
// against the full year's optimum; the error sits in near-zero and
// zero-carbon and in their capital: the designs differ — before, 36
// days chose more wind and battery than the year's optimum, a design 7.9 %
// dearer on the full year, which the reduced model priced within 1.7 %
// of its cost on the year (Model.Evaluate, PLAN_DIAG_EVAL=d36)):
//
//	                               12 weeks  12 days  24 days  36 days  48 days  84 days
//	before (global rescaling)        −7.6 %   −6.9 %   +2.0 %   +9.7 %   +4.7 %   +0.3 %
//	equal series 1/√n                +2.9 %  +14.5 %   +9.8 %  +14.5 %   +8.4 %
//	+ rescaling per cluster          −6.5 %   −8.9 %   −2.7 %   −0.8 %   −2.4 %
//	+ least renewable, net load      +4.1 %   −5.7 %   −2.6 %   −0.8 %   −2.5 %   −1.8 %
//
// (the last row is the default; the roadmap took 6.0, 0.4, 1.1, 1.8, 2.8
// and 7.3 s). Over days the errors are now below zero and mostly shrink
// with K, as a reduced model that averages calm spells within clusters
// should; the price is that such a design may fall short on the year: the
// 24-day near-zero design reaches 0.201 tCO2/tce on the year against ≤
// 0.2 (PLAN_DIAG_EVAL=d24; its low-carbon design is 0.13 % off the
// year's optimum), and the 36-day one reaches the stage on the year only
// by cycling its battery far more (wear 186,000 USD a year against
// 49,000 at the optimum; losses count as consumption, "Stage rows"), 12.5 %
// above the year's optimum where the old 36-day design was 7.9 % above;
// the 12-week near-zero design reaches the stage on the year 3.6 % above
// its optimum, priced by the reduced model within 0.5 % of that.
// The cost error of the roadmap is what improved; a design of a reduced
// model needs its full-year evaluation (the report's) and, near a
// stage's limit, Options.Margin. "Cost error" has three readings, and
// plan-weeks12 in BENCHMARKS.md measures all three each time it runs:
// the reduced optimum against the full year's (cost-err-%, the strict
// one, which the targets table leads with), the reduced design's cost
// over the full year against the full year's optimum (what trusting the
// reduction costs the planner), and the reduced model's price of its
// design against that design's own full-year cost (the report's "cost
// error" column: how well the reduction prices what it chose). Centroids instead of medoids smoothed
// the calm spells away (−31 % at 12 weeks, −6 to −17 % over days) and
// the two extreme periods
// alone, with global rescaling, left 24–48 days at +9 to +16 %. Days,
// not weeks: 24 to 48 typical days are within 2.7 % in under 3 s, 12
// typical weeks 4.1 % (plan-weeks12 in BENCHMARKS.md); a week fixes the order of
// the days in it, where Kotzur's linking lets typical days fall in any
// order, so that calm spells are strung together as the calendar has
// them. The 2 % at 12 weeks is not reached, and no small change reaches
// it: without the kept extreme periods 12 weeks were −9.8 % off, with the
// wind's weight in the clustering doubled −15.8 % (near-zero buying
// 893 kW of wind and 7,437 kWh of battery against the year's 1,068 and
// 11,661): at 12 weeks the answer rests on which weeks stand for the
// year. Hoffmann et al.'s duration representation (tsam's period-wise
// one: each typical period takes its cluster's mean duration curve of
// every series, ordered by the cluster's mean profile) gave −8.0 % at 12
// weeks, −5.1 % at 36 days and −2.7 % at 84; ordered by the medoid's own
// profile instead +2.4, −0.8 and −2.9 %, against +4.1, −0.8 and −1.8 %
// for the default: not better over days, and left out. k-medoids (PAM
// swaps from Ward's medoids, minimising the sum of Euclidean distances to
// the nearest medoid; Kaufman & Rousseeuw) in place of Ward's clusters
// gave −6.1, −3.6 and −3.1 % on Texas at 12 weeks, 36 and 84 days (hand
// run of TestPeriodsDiagnosis on code written for it, 2026-12-01, not
// kept): worse at each, so not tried further.
//
// Choosing each cluster's representative by the model instead of by the
// distance was measured too and is kept off (refineScore; the proxy is in refine_proxy_test.go):
// a proxy simulates 36 simple designs greedily over the calendar (PV and
// wind at 0.5 to 2 times the load's energy in three mixes, no battery or
// 4 or 12 hours of the mean load) and scores how far their import, its
// carbon and their surplus fall from the same over the series;
// periods.Config.Refine then swaps each medoid for the member of its
// cluster that scores least, by coordinate descent. The worst stage's
// error against the full year's optimum, medoids → refined
// (TestPeriodsDiagnosis with PLAN_DIAG_REFINE=1, 2026-12-04):
//
//	Texas, weeks      8: 5.3 → 1.0 %   10: 2.4 → 3.1   12: 4.1 → 1.2   14: 6.8 → 1.4   16: 5.6 → 1.4   20: 2.4 → 0.7   26: 5.0 → 0.0
//	Texas, days      12: 5.7 → 0.1 %   24: 2.6 → 10.6   36: 0.8 → 7.5   84: 1.8 → 3.0
//	greensboro, weeks 8: 6.7 → 7.6 %   12: 8.7 → 14.3   16: 0.6 → 4.1   20: 1.0 → 2.2
//
// Texas's 12 weeks met the 2 % (their near-zero design 1.4 % above the
// year's optimum on the year, against 3.6 %), but the same search made
// typical days and the second park worse, and the answer moved with the
// proxy's details (other probe sets gave −0.7, −0.5 and +1.2 % at 12
// weeks, errors relative to the load's energy +4.0 %): a search over
// which member stands for a cluster fits the proxy, not the plan. Even
// probes around the full year's own near-zero design (which no reduced
// run knows: totals ×0.8 to ×1.2, battery ×0.5 to ×1.5) left greensboro
// at 7.5, 1.5 and 5.1 % over 8, 12 and 16 weeks (Texas 1.3, 0.7, 2.1 %;
// a hand run on code not kept). It also
// cost 128 scores at 12 weeks and about 1,070 at 12 days (3 s). The heat load's energy is
// kept as the load's. Only the electric peak-load period is kept whole
// for the demand charge: keeping the heat load's peak day too was
// measured on greensboro-heat and left out (over 12 weeks the low-carbon
// design's cost error against the full series grew from 1.4/0.4/0.1 % to
// 2.0/0.5/0.2 % at 7/14/28 days, before the extreme periods and the
// rescaling per cluster; over 4 weeks it helped at 7 days).
//
// On a second park the same method is further off. On the greensboro
// demo (poor solar, where near-zero needs 2.9 MW of wind and 35 MWh of
// battery) near-zero's total against the full year's optimum was −8.7 %
// over 12 weeks (and that design misses near-zero over the full year),
// +23 % over 24 days, +7.2 % over 36, +6.6 % over 48 and +1.6 % over 84
// (`zeropark plan --demo greensboro --no-check --periods K`, with
// --period-length 168h for weeks; 2026-12-01; plan-greensboro in
// BENCHMARKS.md measures 12 weeks, 36 and 84 days each time it runs, with
// how many of the designs miss their stage over the year). The 12-week design
// reaches 0.2 tCO2/tce over the weeks and at best 0.24 over the year, and
// a margin does not close the gap: sized 5, 10, 15 and 20 % inside the
// limits it added 2,007 to 2,215 kW of wind (4,007 to 4,215 kW in all;
// the year's optimum adds 2,895, the weeks' 1,938) and still missed
// near-zero over the year. There the grid's hourly carbon factor varies (marginal
// rates; the weeks reproduce it at 20 % RMSE of its range, wind at 27 %),
// and what the near-zero row counts, imports × that factor, depends on
// when the park imports. Clustering on today's net load as well (load
// less today's PV and wind, weight 1) moved greensboro to +2.7 % over 12
// weeks (that design reaches near-zero over the year, 2.4 % above its
// optimum) and +3.0 % over 36 days, but Texas to 4.5, 13.9, 4.7, 3.1, 0.2
// and 1.4 % (12 weeks; 12, 24, 36, 48, 84 days; worst stage), against
// 4.1, 5.7, 2.6, 0.8, 2.5 and 1.8 %; on the carbon of that net load
// (× the accounting factor) greensboro −2.4 and +5.8 %, Texas 12.0, 22.5,
// 7.6, 3.4, 4.2 and 2.1 %. A feature that helps one park hurts the other,
// so neither was kept. Single changes measured on both (Texas's worst
// stage, by TestPeriodsDiagnosis; greensboro's, by BenchmarkGreensboro; m: how
// many designs miss their stage over the year), 12 weeks / 36 / 84 days:
//
//	                                 Texas, |worst|       greensboro, worst
//	the default                      4.1   0.8   1.8      −8.7 m2   +7.2    +1.6
//	no least-renewable period        4.4   0.8   1.8      −4.2 m2   +7.2    +3.2
//	no highest net-load period       7.8   0.8   1.8      −2.1      +7.0    +2.8
//	carbon factor's weight × 2       6.6   4.8   4.1      −8.5 m2   −4.7 m2 −6.0 m2
//	carbon factor's weight × 0.5     5.8   3.9   0.9      −8.7 m2   +5.9    +4.0
//	load's weight × 2               15.9   4.9   2.2      +1.9      −1.0 m2 +3.3
//	PV's weight × 0.5                4.1   4.1   4.4      −1.2      −7.1 m2 −6.7 m2
//
// None does better on both parks.
//
// Why no selection fixes it: near-zero is a limit on the tail. The
// energies are right (the load's, PV's and wind's totals exact, and each
// weighted by the accounting factor within 0.9 % at 12 weeks, 36 and 84
// days; PLAN_DIAG_DEFICIT prints them), but what the
// near-zero row counts at a near-zero design is the import left in calm,
// dark spells that the battery cannot bridge, about a tenth of today's
// carbon. Simulated with a greedy battery on each reduction's calendar,
// the full year's near-zero design leaves 426 tCO2e on Texas's year and
// 479 (+12 %), 262 (−38 %) and 317 (−26 %) over 12 weeks, 36 and 84 days;
// on greensboro 345 against 246 (−29 %), 217 (−37 %) and 244 (−29 %)
// (TestPeriodsDiagnosis with PLAN_DIAG_DEFICIT=1, PLAN_DIAG_PARK=greensboro
// for the second park). Which calm spells the few representatives carry
// decides near-zero's design, and so its cost, by chance. Four remedies
// aimed at the tail were measured and dropped (Texas, greensboro; 12
// weeks / 36 / 84 days, near-zero against the year's optimum; each ran
// TestPeriodsDiagnosis on code written for it, 2026-12-01, and none of
// that code is kept, so no command reruns these figures):
//
//   - each cluster represented by the member whose simulated deficit at 27
//     probe designs (PV and wind sized to 1, 1.5 and 2 times the load's
//     energy, all PV, all wind or half each, 0, 4 or 10 hours of battery)
//     is nearest the cluster's mean: Texas −11.0, +2.8, −0.3 %; greensboro
//     −7.3, +6.0, +2.5 %;
//   - those deficits clustered on as well, weighing as much as one series:
//     −7.4, +9.3, +1.6 %; −4.7, +17.7, +3.5 %; as much as three: −2.6,
//     +8.2, +6.2 %; +8.1, +20.6, +7.0 %;
//   - the 12-week limits relaxed until the design just holds over the year
//     (Texas, by hand: a margin of −6 %): that design costs 2.0 % above the
//     year's optimum, the mix still off (wind 555 kW added against 1,068);
//     at −10 % it holds only by cycling its battery, 7.4 % above;
//   - the reduced model's totals (import, renewable delivered, residual)
//     corrected by how much more the full series leaves than the
//     reduction's calendar, simulated with the greedy battery above and
//     linearised in each candidate at the design (central differences),
//     then solved again, three rounds (first-order model management: the
//     corrected model matches the simulation's difference and its slope at
//     the design). Over 12 weeks it worked on both parks (Texas +4.1 → −5.2,
//     +1.9, +0.3 %; greensboro −8.7 → −1.4, −0.8, −0.7 %, the design near
//     the year's), but over days it made things worse (Texas 12, 36 and 84
//     days −5.7, −0.8, −1.8 → +6.0, +9.9, +6.8 %; greensboro −14.6, +7.2,
//     +1.6 → −2.5, +55.8, +12.0 %) and over 2,016 slices Texas went from
//     +0.8 to +2.8 % (greensboro −1.3 → −0.2 %). The greedy battery neither
//     foresees nor charges from the grid in low-carbon hours, so its
//     difference between two calendars is not the LP's: over 36 days,
//     whose near-zero is 0.8 % from the year's optimum, it asked for about
//     140 tCO2e less residual on the days and cost 9.9 % more. Working on
//     12 weeks alone, by chance on two parks, is no method; the experiment
//     (TestTailDiagnosis, 2026-12-01) is not kept.
//
// Six more changes to the clustering, with variants, were measured and
// dropped (near-zero's total against the year's optimum, Texas and
// greensboro, 12 weeks / 36 / 84 days; u: near-zero out of reach on the
// reduction; each ran TestPeriodsDiagnosis on code written for it,
// 2026-12-02, not kept, so no command reruns these figures):
//
//	                                         Texas                 greensboro
//	the default                         +4.1   −0.8   −1.8     −8.7   +7.2   +1.6
//	kept periods as new cluster centres +11.6  +5.7   +0.4       u      u   +15.7
//	  … rescaled to their clusters      +2.0   −0.1   −1.4     +1.3  +11.8   +4.2
//	  … but not the peak-load period    +3.3   −0.7   −1.9     +1.3  +11.5   +3.8
//	weeks clustered on daily means     −14.6                  −13.0
//	  … and the mean diurnal profile   −14.5                  −12.5
//	duration curves matched (Poncelet)  −7.1  −21.0  −10.1     +2.2   +1.0   −3.6
//	  … the net load's as well          +6.1   −8.3   −6.5     +2.2  −14.2   −5.4
//	  … swaps from Ward's medoids       −6.2   −7.0   −2.6    −11.8   −0.9   −3.4
//	week's first day by Σ NRMSE²        −6.0                   −7.2
//	two kept periods replace medoids    −1.3   −0.5   −0.5    +17.4  +10.9   +3.8
//	medoids swapped to match the tail   −1.1   +6.9   +4.9     −8.4  +17.5   +6.9
//
// New cluster centres are tsam's new_cluster_center: a free period nearer
// (Euclidean, on the clustering's features) to a kept period than to its
// own medoid joins the kept period's cluster. Unscaled, a kept period then
// stands for many with its own, extreme energy (greensboro's wind −9.7 %
// over 12 weeks). Daily means (7 a series, × √24; the diurnal profile
// × √7) change weeks only; days are as before. The duration-curve
// selection chose, greedily then by swaps, the medoids whose weighted
// curves (40 levels of each clustered series in its own range) came
// nearest the year's, each free period going to its nearest medoid. The
// week's first day was the one of 7 with the least Σ NRMSE² of the
// clustered series (day 4 on Texas, 3 on greensboro; weeks only too).
// Kept periods replacing medoids is tsam's replace_cluster_center for the
// least renewable and the highest net-load periods: clustered with the
// rest, each becomes its cluster's medoid, rescaled to it. The last row
// swapped, within each cluster, the medoid for the member that brought a
// greedy battery's imported carbon over the whole calendar, at 27 probe
// designs (PV and wind 1, 1.5, 2 times the load's energy, all PV, all
// wind or half each; 0, 4 or 10 hours of battery), nearest the full
// series' (the probe mismatch: mean squared log ratio; three rounds). The new centres rescaled, with or without
// the peak-load period, and the swaps did better over 12 weeks on both
// parks; all did worse over days, on greensboro +3.8 to +17.5 %.
//
// What 12 weeks give is mostly which weeks. The default on weeks that
// start 1 to 6 days later (the head of the year kept whole, as the
// remainder is) gives near-zero −11.1, −3.5, −0.8, −6.0, −6.2 and
// −17.0 % on Texas (+4.1 from day 0; mean |error| 7.0 %) and +2.5, −4.8,
// −7.2, −4.5, −3.6 and +0.8 % on greensboro (−8.7; mean 4.6 %); over 28
// starts 6 hours apart −18.4 to +4.4 % on Texas (median |error| 7.1 %)
// and −8.7 to +19.8 % on greensboro (median 4.6 %; out of reach at 2).
// Averaged over the 7 daily starts, each change above that helped from
// day 0 is better on one park at most: the new centres rescaled 7.9 and
// 4.3 %, without the peak-load period 7.7 and 4.1 %, duration curves 5.6
// and 7.8 %, replaced medoids 11.2 and 16.1 %, against 7.0 and 4.6 %.
// The error follows the tail: the year's near-zero design leaves 426
// tCO2e on Texas's year and 479, 297, 344, 412, 338, 328 and 199 on the
// 7 starts' calendars (greedy battery, PLAN_DIAG_DEFICIT), in exactly the
// order of the errors, the less, the cheaper; on greensboro 345, and 246,
// 358, 280, 214, 282, 257 and 247, nearly so. The probe mismatch of the
// last row ranks the 28 starts by |error| with Spearman's ρ 0.77 on Texas
// and 0.31 on greensboro. Choosing the start by it gave +4.1 and −3.6 %
// (7 daily starts), −3.6 and +2.5 % (28 starts 6 hours apart; a start
// after the first day leaves 51 weeks and 192 hours kept whole, a larger
// LP), −4.1 and +2.5 % (168 hourly starts) and, among the 25 hourly
// starts that keep 52 weeks, −3.8 and +11.0 %: no gain that holds.
//
// One choice of start held on both parks, made by hand and not built:
// solve the 12 weeks, simulate the near-zero design found (greedy
// battery, the design's own capacities) over the year and over each of
// the 7 daily starts' calendars, take the start whose calendar leaves the
// imported carbon nearest the year's (|ln ratio|), solve again, and stop
// when the start repeats. Texas went from day 0 to day 3 (ratio 0.99),
// whose own design chose day 3 again (0.95; from day 1 day 3 as well,
// from day 6 day 0, then day 3); greensboro from day 0, 1 or 5 to day 1
// (1.02–1.04). Those starts give 1.2 % (worst stage) on Texas and +2.5 %
// on greensboro, and both near-zero designs reach the stage over the
// year, 2.5 and 2.1 % above its optimum (the default's: 3.6 % and a
// miss). It needs a leading remainder in plan/periods and two or more
// solves, and the greedy battery it ranks calendars by is the proxy that
// failed as a correction (above): the next thing to build and to try on
// more parks, not yet a result.
//
// The same choice without a second solve was built and measured
// (2026-12-02, not kept; TestPeriodsDiagnosis on code written for it, so
// no command reruns these figures): the 12-week roadmap's warm start, the
// near-zero design over 12 typical days, chose the start before the weeks
// were clustered. For each candidate start (the head of the year kept
// whole as a leading remainder) the weeks were clustered and the design
// simulated (greedy battery, cyclic) on that calendar and on the year;
// the start scoring best was solved as the default is, warm from the same
// days' design (12 weeks, worst stage; 36 and 84 days did not change, the
// choice being for periods longer than a day):
//
//	scoring rule (smaller is better)                    Texas        greensboro
//	the default, day 0                                  4.1          8.7 m
//	|ln carbon ratio|, 7 daily starts                   1.2 (day 3)  2.5 (day 1)
//	  … + |ln curtailment ratio|                        1.2 (day 3)  2.5 (day 1)
//	  … carbon per tce and import share (stage rows)    1.2 (day 3)  2.5 (day 1)
//	  … Σ ln² over 27 designs (PV, wind, battery each
//	    × 0.8, 1, 1.25 of the probe's)                  1.2 (day 3)  2.5 (day 1)
//	  … the scale of the additions that meets the
//	    year's carbon, |ln scale|                       1.2 (day 3)  2.5 (day 1)
//	|ln carbon ratio|, 28 starts 6 h apart              4.4 (90 h)   2.1 (6 h)
//	  … + curtailment, or the stage rows                4.4 (90 h)   2.1 (6 h)
//	  … Σ ln² over the 27 designs                       3.1 (162 h)  2.5 (36 h)
//	  … |ln scale|                                      4.4 (90 h)   2.1 (6 h)
//
// With the daily carbon rule both near-zero designs reach the stage over
// the year (PLAN_DIAG_EVAL=w12), 2.5 % (Texas) and 2.1 % (greensboro)
// above the year's optimum, against 3.6 % and a miss: the same starts and
// figures as the choice by hand above, without its second solve. Kept
// only if both parks were within 2 %: greensboro's 2.5 % is not. The
// errors of the 28 starts (worst stage, from 0 h every 6 h; u: near-zero
// out of reach on the weeks):
//
//	Texas       4.1 9.2 13.9 6.7 11.1 13.5 9.5 2.5 3.5 8.0 7.4 2.4 1.2 10.5
//	            12.3 4.4 6.0 7.1 2.0 6.6 6.2 14.8 18.4 9.3 17.0 7.2 3.6 3.1
//	greensboro  8.7 2.1 13.1 5.0 2.5 19.8 2.5 4.9 4.8 0.5 3.3 1.2 7.2 7.5
//	            2.4 8.7 4.5 0.3 11.4 4.0 3.6 16.8 8.0 1.4u 0.8 1.2u 4.8 2.9
//
// The proxy ranks Texas's starts (Spearman's ρ of the carbon score
// against |error| 0.96 over the daily starts, 0.86 over the 6-hourly) but
// not greensboro's (0.79, 0.23): there starts whose calendars leave the
// design within 1.3 % of the year's greedy carbon (6, 42 and 108 h) gave
// +2.1, +4.9 and +11.4 %, the designs sitting on the candidates' limits
// (PV 5,500 kWp, wind 4,000 kW, battery 36,000 kWh) with which one binds
// changing from start to start. On both parks the best starts leave the
// probe about 0.93 of the year's carbon, not 1: aiming at 0.88–0.90
// picks 1.2 and 0.8 % over the daily starts, 0.93–0.94 picks 1.2 and
// 0.3 % over the 6-hourly ones, and no one target does both — a constant
// fitted to two parks, not a method. A fixed-design LP per start instead
// of the greedy battery costs what the 12 weeks' today solve costs (0.6–
// 1.5 s each on the shared machine), beyond 3 s for 7 starts. Time: the
// choice itself took 25–37 ms for 7 starts, but the days' design (0.27–
// 0.55 s) now runs before the Model is built, no longer beside today's
// and low-carbon's solves, and a start after day 0 leaves a head and a
// tail (22,195 columns against 20,512): over 11 alternating runs on a
// loaded machine the roadmap took a median 5.6 s against 3.8 s without
// the choice (BenchmarkRoadmapWeeks12, PLAN_BENCH_NO_REFERENCE=1).
//
// The Texas figures above do not carry over: representative periods
// screen, the full series decides. Chronological slices (next section)
// keep the tail in calendar order and hold on both parks. The full series
// stays the default, and the report evaluates every reduced design over
// it (Model.Evaluate; Model.EvaluateUndiagnosed on a full-series LP too
// large to diagnose a miss on), with whether it still reaches its stage
// and, when it does, its cost error (a design that misses it has none: its
// full-series total is its operation without the stage).
//
// Storage — the batteries and the thermal stores alike — is linked across
// the calendar by Kotzur et al. (2018) superposition, with the rows of
// package plan/periods ("Storage across periods") in the energy above the
// minimum: intra-period states ΔE[k,t] (the Blocks' x, starting at 0 and
// free in sign), inter-period states E[i] ≥ 0 for the N calendar periods
// and their end, the link E[i+1] = a^L·E[i] + ΔE[σ(i), L] with a the
// Block's retention per step (1 − self-discharge or standing loss per
// hour × Δt), cyclic E[N] = E[0] (or Valued: E[0] at the initial
// fraction, E[N] credited), and the simplified limits E[i] +
// ΔEmax[σ(i)] ≤ span·(E + addE), a^L·E[i] + ΔEmin[σ(i)] ≥ 0 — exact
// without losses, conservative with them
// (TestEveryPeriodItsOwnRepresentative, TestHeatEveryDayItsOwnRepresentative;
// TestThermalStoreAcrossDays sizes a store filled on a cheap day and
// emptied on the next by hand). A month's peak bounds the import
// of every step of every representative that stands for a period step in
// that month. The plan's schedule is the representatives expanded onto
// the calendar (the real content a^t·E[i] + ΔE[σ(i), t] + Min),
// which the ledger judges like any other and which obeys the park's
// physics. [Model.Reduction] reports each series' aggregation error;
// [Model.Evaluate] on a full-series Model re-optimises a design's
// operation over the full year, and the difference in total cost is the
// reduced model's cost error. The full series stays the default and the
// reference.
//
// On the greensboro-heat demo (heat pump, electric and gas boilers, a
// 4,000 kWh_th hot-water store, a battery; PV, battery, heat pump and
// store candidates; 2 vCPUs shared with other work), its first 12 weeks,
// `zeropark plan --demo greensboro-heat --limit-hours 2016 --periods 14`
// took 5.6 s (1.1 s in the solver, LPs of 5,986 columns; the full-series
// evaluation of each design included) against 43 s for the full series of
// those weeks (`--limit-hours 2016`, 41.6 s in the solver, 34,294
// columns); the low-carbon design cost 0.4 % more over the 14 days than
// evaluated over the weeks, and that evaluation was within 0.03 % of the
// full series' own optimum (TestHeatDemoReduction, PLAN_DEMO=1
// PLAN_HOURS=2016: 1.4 %/0.5 %, 0.4 %/0.03 %, 0.1 %/0.00 % at 7, 14 and
// 28 days; over the first 4 weeks 7 typical days gave a low-carbon design
// that misses the stage over the full series, 10 days one 2.0 % dearer
// than the optimum). The whole year over 12 typical days, `zeropark plan
// --demo greensboro-heat --periods 12`, took 28 s (1.1 s in the solver;
// 540 MB peak, the year's evaluation and re-runs included), today's park
// 0.2 % and the low-carbon design 0.0 % off their full-year evaluations.
// Making the demo's 500 kW_th electric boiler a candidate too (up to
// 5,500 kW_th, its peak heat load, at REopt.jl's 528.5 USD/kW_th) was
// measured and left out (2026-12-02): no design or cost changed over
// 2,016 slices, 12 typical weeks or the full year, nor the least-residual
// point of a 12-week frontier (grid heat at 0.12 / 0.99 USD/kWh_th costs
// more than gas at 0.035 / 0.8, and emits more in all but 232 hours on
// Mid-Atlantic marginal rates), while its capacity rows, one a step, made
// the full year's plan 1.6–2.2× slower (--no-check: 37 → 59 s and 51 →
// 111 s in two pairs of runs) and 12 typical weeks 1.3–1.6× (16 → 20 s,
// 30 → 42 s); 2,016 slices took as long (14 s both).
//
// # Chronological slices
//
// With Options.Slices = K (zeropark plan --slices K) the full series is
// kept in calendar order and cut into K slices of adjacent steps that are
// alike (package plan/periods, Slices: Pineda & Morales's chronological
// time-period clustering, 2018 — from one slice per step, the two
// neighbours whose merge adds least to the within-slice sum of squares
// are merged). The series merged on are those the representative periods
// cluster on, with their normalisation and weights, and one more: the
// load less a probe design's renewables (PV and wind sized so that their
// energy over the series equals the load's, half each when the park has
// both), weighing as much as all the others together — what storage and
// imports answer at the shares of renewables near-zero needs, whatever
// today's capacities. A slice never spans two calendar months, and with a
// demand charge each month's peak-load step is a slice of its own. Each
// slice is one LP step as long as the slice (a Block of one step of
// L × Δt), every series at its mean over the slice, so every energy total
// is exact. Carbon totals are not: the residual is import × accounting
// factor step by step, and a slice's one import times its mean factor
// leaves out how the two vary together within it (today's Texas residual
// 4,330.0 tCO2e a year over 2,016 slices against 4,351.3 over the year,
// −0.5 %; a planner's check, 2026-12-02), so the baseline that low-carbon's
// limit is drawn from moves with it too; the report's full-series
// evaluation gives each design's stage over the year. The slices are linked by the storage rows of the
// representative periods, each slice standing for itself (weight 1):
// E[i+1] = a^L·E[i] + g·ΔE[i], where ΔE is the slice's charge less
// discharge over its whole length and g = (1 − a^L)/(L·(1 − a)) spreads
// it over the slice's L steps, each part decaying with the steps after
// it (g = 1 without standing losses); the content moves monotonically
// within a slice, so E[i] ≤ span·(E + added) and E ≥ 0 at the slices'
// ends bound it. The plan's schedule puts each slice's powers on each of
// its calendar steps and the content step by step, and obeys the park's
// physics at the calendar's step (TestSlicesOfConstantStretches,
// TestSlicesAgainstFull). With every step its own slice the plan is the
// full series' exactly (TestEveryStepItsOwnSlice,
// TestHeatEveryStepItsOwnSlice); a series constant over stretches cut
// into those stretches gives the full series' cost exactly without
// standing losses and no less with them (within a stretch the hour of
// charging then matters).
//
// Why: near-zero's limit falls on the tail (see "Representative
// periods"), and slices keep the calm, dark spells where they fall. At
// the full year's near-zero design the simulated deficit is 410 tCO2e
// over 2,016 slices against the year's 426 on Texas (−4 %), and 333
// against 345 on greensboro (−3 %), where representative periods were off
// by −38 to +12 %. The worst stage's cost against the full year's optimum
// (TestPeriodsDiagnosis, PLAN_DIAG_CONFIGS=s1008,s1512,s1764,s2016,s2920,
// with PLAN_DIAG_PARK=greensboro for the second park; 2026-12-01):
//
//	slices                          1,008   1,512   1,764   2,016   2,920
//	Texas, worst stage              2.8 %   1.1 %   0.9 %   0.8 %   0.7 %
//	greensboro, worst stage         3.6 %   2.2 %   1.8 %   1.3 %   0.8 %
//	without the probe net load:
//	Texas                           3.1 %   1.5 %   1.1 %   0.9 %   0.5 %
//	greensboro                      5.1 %   3.3 %   2.4 %   2.1 %   1.0 %
//
// against 4.1 and 8.7 % for 12 weeks, the same 2,016 LP steps. The error
// shrinks steadily with K on both parks; 2,016 slices take about the 12
// weeks' time (plan-slices in BENCHMARKS.md: each roadmap with x-weeks12,
// its time over the 12 weeks' in the same process, and its cost error).
// The probe net load's weight was measured at 1, 2 (the rule above, on
// both demos) and 4 times one series': over 1,512 / 2,016 slices Texas
// 1.4 / 0.9, 1.1 / 0.8 and 1.2 / 1.0 %, greensboro 3.1 / 1.9, 2.2 / 1.3
// and 1.5 / 0.9 %. Clustered on as well by the representative periods it
// made them worse (12 weeks 10.7 % and 14.9 %, 36 days 5.6 and 7.4 %) and
// is left out of them. (These comparisons — without the probe net load,
// at other weights, on representative periods — and the probe at the
// year's optimal design below ran TestPeriodsDiagnosis on the code
// changed for them, 2026-12-01; no option reruns them.)
//
// What slices cannot see: a mean over a slice smooths the hours within
// it, so a sliced design meets smoother loads than the year's, and its
// battery power comes out smaller (Texas near-zero: 506 kW added over
// 2,016 slices against the year's 796). Evaluated over the full year
// (PLAN_DIAG_EVAL=s2016) the 2,016 slices' near-zero design still reaches
// near-zero, at 1.5 % above the year's optimum on Texas and 2.8 % on
// greensboro (3.2 and 4.5 % without the probe net load, 1.6 and 1.9 % with
// it weighing 4; 12 weeks' design 3.6 % on Texas and out of reach on
// greensboro). What is left is not where the slices fall but the hours
// averaged within them: probing at the year's optimal design itself (PV
// 6,007 kWp, wind 2,568 kW in all) gave its design 1.4 % above the
// optimum on Texas, so re-slicing on a first design would not help. So
// slices estimate a stage's cost within a per cent or two and keep the
// stage over the year; the full series sizes the design to
// build, and the report evaluates every sliced design over it as it does
// representative periods' (Model.Evaluate, or Model.EvaluateUndiagnosed).
//
// # Solver
//
// One HiGHS instance per Model answers every question (two for a
// full-year roadmap on two cores, below). The first solve, a question with
// every capacity fixed or pinned (presolve then removes the capacity
// rows; with another objective too, as a fixed design's diagnosis asks,
// except Dinkelbach's later rounds: Model.coldFor), a stage whose core row switches on (the optimum moves far) and
// the least residual with the capacities free (the frontier's first
// question, and a diagnosis's: on the greensboro-heat demo's full year it
// took 6.7 s cold, against 341 s by dual and 16 s by primal simplex from
// the least unserved load's basis in a diagnosis, and 77 s by dual simplex
// from low-carbon's as the frontier's first question after the roadmap)
// run cold on the presolved LP: with every capacity fixed or pinned by
// dual simplex (a dispatch LP once presolved: today's park 0.9 s against
// 1.4–1.6 s by interior point, the warm start's pinned year 1.0 s against
// 4.5 s), otherwise with Options.Method — by default interior point (IPX)
// with crossover, which leaves a basis. Every other question hot-starts
// simplex from the last basis (a hot start skips presolve, and each of
// its iterations works on the whole LP). Dual simplex, except where the
// last optimum is feasible and only prices move it, primal simplex's
// case: near-zero freed from the warm start's pins (below). Zero-carbon
// right after near-zero-carbon is its own case: near-zero's optimum
// breaks one of its rows, the residual against the offsets, and one
// dual pivot (the offsets in) repairs it when buying offsets is the
// cheapest cover. HiGHS's dual simplex from that basis took 25.9 s
// (3,344 iterations) on the Texas demo: it sets up steepest-edge weights
// for every row first (14 s on the greensboro demo, before a single
// iteration), and its cost perturbation turns the one pivot into
// thousands. Primal simplex took 1.0–1.3 s (307–350 iterations) on Texas
// but 13.5 s (3,582) on greensboro. So the basis is put back on a simplex
// set up afresh (HiGHS reads the edge-weight strategy only then), with
// Devex pricing and no cost perturbation: one iteration on both demos,
// 0.25 s on greensboro with the set-up (Model.solveOneRow; after 1,000
// iterations it falls back to primal simplex from near-zero's basis).
// The greensboro demo's plan went from 59 to 41 s, run one after the
// other. Walking the frontier up from the least residual (each
// point loosening the bound, the last optimum feasible) primal simplex
// took 21–49 s a point and dual 5–18 s (both with two instances at once),
// and the frontier's cheapest design right after the least residual (the
// same bounds, another objective) 24.3 s against 4.2 s: they stay with
// dual.
//
// Near-zero's cold interior-point solve of the full year is the hard
// one: 47–81 s (74 IPX iterations, crossover 1.5 s of it) on the Texas
// demo (87,616 columns, 56,071 rows, 252,303 non-zeros). Tried on that
// LP, each against plain IPX in the same session, and dropped: dual
// simplex cold (57,000 iterations, 1.5–3 times slower), IPX on the dual
// (120 s against 53), presolve off (98 s), HiGHS's bound scaling
// (user_bound_scale = −4: 57 s, no change; its coefficient ranges, matrix
// [5e-05, 1e+03], bounds up to 6e+04 and right-hand sides to 1e+07, are
// what it suggests scaling for), ipm_optimality_tolerance 1e-6 (the same
// 74 iterations), PDLP (no answer in 240 s) and crossover off (saves 1.5
// s, leaves no basis to hot-start from and no vertex). HiGHS's parallel
// interior point (HiPO) is not in the bundled build (its option names are,
// its factorisation is not). Over 12 typical weeks (20,508 columns;
// 13,751 rows and 14,725 columns once presolved) near-zero's IPX solve
// takes 71 iterations of about 60 ms, 4.3 s; the same options moved it
// within the noise (ipm_optimality_tolerance 1e-6 4.2 s, user_bound_scale
// −4 3.9 s, user_objective_scale −10 4.0 s, presolve off 4.2 s) or made
// it slower (IPX on the dual, 5.7 s). The 12-week roadmap warm-starts
// near-zero instead, from 12 typical days pinned under low-carbon's rows
// (below): 2.5–2.8 s against 4.4–4.9 s cold (an earlier, quieter hour
// than the figures that follow). That hot start runs dual
// simplex without HiGHS's cost perturbation (Model.solveFlat: the same
// iterations, without the perturbation's cleanup), which took the
// 12-week roadmap from 3.2–3.5 s to 2.6–2.75 s in one busy hour; the
// full year keeps the perturbation, without which it was slower.
//
// A full-series roadmap warm-starts near-zero (Model.Roadmap, on LPs of
// 50,000 columns or more; Options.NoWarmStart turns it off). It
// sizes near-zero over 12 typical weeks (a Model of its own, itself
// warm-started from 12 typical days as below: on Texas the full-year
// roadmap took 20.8 and 18.8 s against 22.2 and 20.7 s with the weeks
// solved cold, run in turn, and in a later, slower hour 24.6 and 23.8 s
// against 25.3 and 25.2 s: BenchmarkRoadmap on the code with and without
// the nested start, by hand, 2026-12-01; no option turns it off, so no
// command reruns the comparison),
// then solves the full year with the additions pinned at that design and
// frees them. Pinned, not fixed: one row per candidate, added − pin =
// design, with the pin column fixed at 0, holds the addition at the
// design as a basic column (the capacity columns keep their bounds). The
// pinned solve (cold, 1.0 s) leaves a basis of the whole LP that stays
// primal feasible when the pin columns are freed (a free nonbasic column
// sits at 0), with only the four pins' reduced costs wrong, and near-zero
// hot-starts primal simplex from it: 6,299 iterations, 16–18 s. Fixing the
// additions' own bounds instead left them nonbasic; when their bounds
// opened HiGHS moved them to a bound, 12,288 rows infeasible, and dual
// simplex took 7,751 iterations (17–22 s), primal simplex from there 72 s.
// The start must be close: from designs over 24 or 48 typical days or 8
// typical weeks the pinned year missed near-zero; from designs over the
// year averaged to 3- or 4-hour steps near-zero took 99 and 52 s
// (capacities fixed, dual simplex), and from 84 typical days' design
// (12.6 % above the optimum over the year) 146 s by dual simplex. A
// design whose pinned year misses near-zero is pinned again under
// low-carbon's rows, and near-zero hot-starts dual simplex from there:
// on the greensboro demo (its 12 weeks size 1,938 kW of wind against the
// year's 2,895) 7,871 iterations, 17.6 s, against 33.5 s cold, and its
// plan took 24 s in all, against 41 s; on Texas, where the first pinning
// holds, the low-carbon pins took 29 s against primal simplex's 16–18 s.
// If anything else in the warm start fails (a series too short for the
// weeks, a design infeasible even for low-carbon) near-zero starts cold,
// the same answer (tested: TestRoadmapWarmStartAgrees, both pinnings;
// TestPinHoldsCapacities).
//
// With Options.Solvers = 2 (the default for a roadmap on a Model of
// AutoSolversMinColumns columns or more, or one that warm-starts
// near-zero, when GOMAXPROCS is 2 or more) a
// roadmap solves today and low-carbon on one instance while another
// warm-starts and solves near-zero and zero-carbon; with Solvers = 2 a
// frontier walks down from the cheapest design on one while the other
// walks up from the least residual. The LP is shared, each instance holds
// its own copy in HiGHS (peak RSS about 320 MB against 230 MB for the
// roadmap). On the shared 2-vCPU machine two solves at once each run up
// to twice as slow; the roadmap gains because its near-zero chain is the
// longer by far, the frontier's two halves took as long as one instance
// walking all the points (64 s against 63 s), so it keeps one by default.
//
// The frontier's points hot-start from their neighbour; each point moves
// the optimum by a tenth of the residual's range, and dual simplex from
// the neighbour's basis took 2–7 s a point, 12–16 s for the least
// residual's cheapest design. Solved cold, each in a Model of its own, the
// same points took 9 s (the cheapest design, no residual bound) to 46 s
// where the bound binds, 32 s on average: the warm frontier took 2.0 times
// the mean cold solve of its points, a fifth of solving them all cold, but
// 7.9 times the cheapest design's cold solve, the easiest of them
// (plan-frontier11 in BENCHMARKS.md has both ratios as measured last; the
// benchmark logs each point's warm and cold solve). No order of the
// solves reaches 3 times the cheapest design's cold solve: the ten
// bounded points' hot starts alone took 49 s (2.2 to 6.3 s each, the
// least residual's point 11.3 s; BenchmarkFrontier11/solvers=1's log,
// 2026-12-04, beside two other jobs), 5.4 times that solve, before the
// least residual, the cheapest design and today's park. Devex pricing for the
// hot starts (simplex_dual_edge_weight_strategy = 1: 82 s against 74 s in
// the same session), two instances, and the last point right after the
// least residual, whose optimum is feasible for it, by primal simplex (28
// s against 12–16 s by dual simplex from the point before it; 83 s in all)
// did not help, nor did dual simplex without cost perturbation, which
// made zero-carbon one pivot (solveOneRow): each point moves the design,
// and the frontier took 57.5 and 56.3 s against 60.2 and 58.1 s, run in
// turn in one process. HiGHS's parallel dual simplex on two threads
// (threads = 2, simplex_strategy = 2, PAMI) took the frontier from 46.5
// to 40.7 s, its SIP variant (3) to 44.8 s (one instance, one run each
// on a 2-vCPU machine, 2026-12-04, by hand on code not kept): 5.5 times
// the cheapest design's cold solve at best, and HiGHS's thread count is
// one per process, which the roadmap's two instances would share, so
// the solves stay serial. Over representative days the roadmap took 0.4 s (12 days)
// to 7 s (84), with the worst stage's cost −5.7 to −0.8 % off the full
// year's; 12 typical weeks +4.1 % (see "Representative periods"); 2,016
// chronological slices 0.8 % in about the 12 weeks' time (see
// "Chronological slices"). The
// figures, each with its machine and
// command, are generated into BENCHMARKS.md ("plan-" entries):
//
//	go test ./plan/ -run '^$' -bench 'BenchmarkRoadmap$' -benchtime 1x
//	go test ./plan/ -run '^$' -bench 'BenchmarkRoadmapDays$|BenchmarkRoadmapWeeks12$|BenchmarkRoadmapSlices$' -benchtime 1x
//	go test ./plan/ -run '^$' -bench 'BenchmarkFrontier11$/solvers=1' -benchtime 1x
//	go test ./plan/ -run '^$' -bench 'BenchmarkFrontier11Weeks12$' -benchtime 1x
//
// # Does the design hold in operation?
//
// A design is sized with perfect foresight of its period. Re-run its park
// through the dispatch — perfect foresight, or the rolling horizon with
// forecasts (package scenario builds the forecasters) — with the ledger
// configuration cfg.ForPark(design.Park), and [Holds] says
// whether the stage still holds and by what margin; Options.Margin sizes
// against stricter limits to leave room for forecast errors.
//
// A design sized at least cost under its stage's rows can miss its stage
// when re-run at least cost without them: the plan held the CHP, the
// imports or the battery back for the stage, and least-cost operation
// does not. The stage's shadow carbon price y (above) is the weight the
// plan's optimal duals put on carbon: with the capacities fixed those
// duals stay optimal, so the plan's own operation of the design minimises
// its cost + y × its carbon less the stage rows' other dual terms — the
// Lagrangian relaxation of the stage's rows. `zeropark plan
// --carbon-price shadow` therefore runs each design's checks at least
// cost with the design's own y. It is not a guarantee, for four reasons:
// the
// core row's dual also weighs consumption (θ·k per kWh, a credit the
// dispatch has no term for) and the clean share's and renewable share's
// rows are not carbon at all (a low-carbon design reached by its
// renewable share has price 0, and least cost at 0 is least cost); at a
// price that is exactly the margin, operations of equal Lagrangian cost
// tie, and the dispatch may pick one on the wrong side; the dispatch is
// not the plan's LP (storage from initial_soc_fraction, Valued end,
// perfect foresight or forecasts); and the dispatch's carbon price
// (dispatch.Config.CarbonPricePerTCO2e, package dispatch, "Objective:
// cost, with a carbon price") multiplies the carbon of grid import under
// the dispatch signal, max(g, 0), and the fuel's and heat bought's
// factors, where R counts import at the accounting factor max(f, 0): the
// same carbon where the park gives no grid.accounting_carbon (the
// texas2012 and greensboro-heat demos), other carbon where it does (the
// greensboro demo: a marginal signal, a constant 0.5306 kg/kWh
// accounting factor).
//
// Measured on 2026-12-02 (2 shared cores; `zeropark plan <args>
// --objective cost --json` against `zeropark plan <args> --carbon-price
// shadow --json`; margins of the perfect-foresight and rolling-horizon
// checks, USD per tCO2e):
//
//	texas2012 --limit-hours 2016      near-zero (1,105): −20.6 % → +0.24 %, rolling −68.1 % → −76.0 %
//	                                  zero-carbon (1,105): −20.7 % → 0.0 % (holds), rolling −68.1 % → −76.0 %
//	texas2012 --slices 2016           near-zero (1,151): −16.9 % → +1.05 %, rolling −29.5 % → −31.2 %
//	(checks over the full year)       zero-carbon (1,151): −17.0 % → +0.88 %, rolling −29.5 % → −31.2 %
//	greensboro-heat --slices 2016     low-carbon (29.5, emissions row): −0.08 % → +0.51 %, rolling −0.06 % → −0.16 %
//	greensboro-heat --limit-hours 2016  low-carbon (0: renewable share kept): −1.9 % either way
//
// Run again on 2026-12-04 (after the tie-breaks' share was taken out of
// the prices; the same commands): the Texas lines to the figure (prices
// 1,104.6 and 1,151.2, margins as above); greensboro-heat's low-carbon
// design now keeps its renewable-share variant (price 0) over 2,016
// slices too and misses by 0.32 % (rolling 0.40 %) either way, and over
// the first 2,016 hours by 0.83 % (0.92 %) either way — the same before
// that change (6fcee99): the plans had moved with earlier sessions'
// changes, not with the prices.
//
// Texas's low-carbon designs hold either way (price 0: they cost less
// than today's park, no row binds); greensboro-heat reaches no
// stage above low-carbon within its bounds on either period. So under
// perfect foresight the shadow price makes the stages whose carbon rows
// bind hold where least cost alone missed them; it does nothing for a
// stage held by its renewable share, and nothing for forecast errors
// (the rolling horizon, sized to the limit, misses by as much or more:
// that is Options.Margin's job). `zeropark plan --margin auto` searches
// for the least margin at which each stage's design holds under both
// checks, planning again round by round (first order from the worst
// miss, then on the line between the largest miss and the least hold, on
// a grid of 0.01) and keeping each stage's design from its own round; on
// the Texas demo over 2,016 slices near-zero missed by 18.6 % at 0, 1.9 %
// at 0.16 and 0.7 % at 0.17 and held at 0.18 (2026-12-05).
//
// With the price in the design too (Options.CarbonPricePerTCO2e, "A
// carbon price in the design"; `zeropark plan --slices 2016 --objective
// cost --carbon-price P --json`, the checks at the same P; Texas demo,
// 2026-12-03; near-zero's shadow price at P = 0 is 1,151 USD/tCO2e):
//
//	P        near-zero total   perfect foresight   rolling horizon
//	0        1,364,101         −16.9 % (misses)    −29.5 %
//	500      1,364,118         +0.58 % (holds)     −30.8 %
//	1,200    1,375,810         +3.7 % (holds)      −27.6 %
//
// At 500 the design is the same as unpriced (the stage's rows still bind,
// the price below their own) and holds under perfect foresight only
// because it is operated at a price; at 1,200, above the stage's shadow
// price, the design cuts carbon past the limit (337.7 against 347.8
// tCO2e a year) for 0.86 % more and keeps 3.7 % of room. Neither helps
// the rolling horizon's forecast errors.
package plan
