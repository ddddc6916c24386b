// Package scenario is the study layer: it turns a choice of inputs and
// settings into a park with its series ready to dispatch, and runs and
// compares policies on it. The command line, sweeps, examples and
// benchmarks load studies through it; its one reason to change is how a
// study is chosen, loaded and checked.
//
//   - [Options] and [Open]: the choice a command line or a service makes —
//     a demo or a park file with its series file, the horizon, the period
//     cut, forecaster choices, the objective and the ledger's prices and
//     holdings (over the park file's market) — checked ([Options.Validate])
//     and loaded into a [*Scenario] and its dispatch.Config. Errors about an
//     option are [*OptionError]s naming it as the command line spells it.
//   - [Load], [Demo], [New]: a scenario from files, an embedded demo or a
//     park and series built in Go; weather-driven availability is derived
//     (forecast/physics) and the profiles resolved. Problems of the files
//     come back naming the file ([NameFiles], [*FileError]).
//   - [ParseForecastChoice] and [Scenario.SetForecasts]: which forecaster
//     plans each series in the rolling horizon.
//   - [Scenario.Run], [Compare]: one policy, or several concurrently, from
//     the policy catalogue (dispatch.Policies() unless Scenario.Policies
//     says otherwise).
//   - Capacity plans (package plan) as a study sees them: [PlanOptions]
//     (the planner's options from the study's dispatch configuration),
//     [Scenario.CheckOperation] (a design's park re-run under perfect
//     foresight and the rolling horizon with forecasts) judged by
//     [StageMargin] (the stage reached and 1 − value/limit of the
//     planned stage's tightest condition), [Scenario.CheckMilestone] (the
//     same for a pathway milestone, at its year's grid and loads), and
//     [RoadmapResult], [FullSeriesResults], [FrontierRows] and
//     [FrontierFullSeries] (a reduced frontier's points measured over the
//     full series), which turn plan's answers into what package results
//     writes; [NextMargin] and [KeepMargins], the search for the least
//     margin at which each stage's design holds in operation (`zeropark
//     plan --margin auto`: roadmaps planned round after round, each judged
//     by [results.MarginRoundOf]), and [ComposeRoadmap], a roadmap of
//     each stage's design from the plan at its own margin (the search's
//     rounds, or --margin STAGE=F,…).
//
// What it does not do: write files or reports (package results), vary
// parameters (package sweep) or draw (package plots).
//
// It sits above model, forecast, forecast/physics, dispatch, plan,
// results and demo; nothing below imports it (plan does not). (The
// project's design, kept outside this repository, calls this layer
// "study"; the package keeps its name, which every importer, example and
// the README use.)
package scenario
