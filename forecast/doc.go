// Package forecast holds the forecasting methods the rolling horizon plans
// with: each forecasts one series (a tenant's load in kW, a PV array's or
// wind turbine's available kW, the carbon signal in kgCO2e/kWh, a heat
// load in kW_th) from its own history up to the forecast time, through
// [model.Forecaster]. The
// physical models of PV and wind (solar position, clear sky, plane of
// array, PVWatts, power curves) are in package
// github.com/zeropark/zeropark/forecast/physics; two methods use them.
//
// Methods, by name for [New] (formulas and sources in each type's doc, the
// measured comparison in doc_forecasting.md):
//
//   - "persistence" ([Persistence]) and "seasonal-day", "seasonal-week"
//     ([SeasonalNaive]): the last value, the same time yesterday or last
//     week (Hyndman & Athanasopoulos, FPP3 §5.2).
//   - "clearsky-persistence" ([ClearSkyPersistence]): the clear-sky index
//     of recent daylight hours times the clear-sky power
//     ([physics.ClearSkyPVKW]), relaxing towards the week's index.
//   - "weather-pv" ([WeatherPV]): a weather forecast through
//     [physics.PVAvailability] times the capacity.
//   - "holt-winters", "holt-winters-day" ([HoltWinters]): additive
//     (double-)seasonal exponential smoothing (Taylor 2003).
//   - "regression" ([Regression]): calendar dummies, optional temperature
//     hinges and same-time-yesterday with AR(1) errors (FPP3 ch. 10),
//     blended per lead with persistence by weights fitted on its own
//     window; "regression-day" the same without the weekday and weekend
//     terms (the daily model), for series the week does not shape (wind).
//   - "provided" ([Provided]): a ready-made forecast series.
//
// How they are chosen: [DefaultSet] gives every series of a park its
// default method (the Default…Method constants), picked by rolling-origin
// backtest on the two embedded demo years ([Backtest], [Compare]; skill =
// 1 − RMSE/RMSE of persistence, NaN where persistence is exact) — by
// RMSE for loads, PV and wind (and on the greensboro-heat demo for heat
// loads), and by what the dispatch then emits for the carbon signal.
// Wind's regression-day beats the full regression at every lead (the
// weekly terms fit noise in wind), and the
// blend makes every regression at least as good as persistence on its fit
// window at every lead, one hour ahead included (doc_forecasting.md,
// "Short leads", has the measured table). [ClearSkyCache]
// shares the clear-sky power of [DefaultSetCached] between the runs of a
// sweep. Callers replace a default with [New] and the method's [Inputs],
// or with a [Choice] ("load=seasonal-week", "carbon=provided:COLUMN": the
// command line's --forecast) through [ParseChoice] and [ApplyChoices];
// [ChosenSet] is the defaults with choices applied, what the simulated
// rolling horizon and a live controller (package live) both plan with.
//
// Cold start: a method with a fit falls back until the history can carry
// it. [Regression] fits nothing on fewer than two rows per column or less
// than a whole period of its calendar dummies: a naive forecast
// (persistence or same time yesterday, whichever did better on the last
// day) up to 73 h hourly, a daily model (hours, same time yesterday, AR(1))
// from 74 h, the full design from 192 h, refitting as the history grows;
// doc_forecasting.md, "Cold start", has the measured effect. [HoltWinters]
// fits 2–3 smoothing parameters on at least a day of one-step errors and
// updates its level and seasons every step, so it follows the series from
// its first day (persistence before).
//
// [Regression] and [HoltWinters] keep state between calls (their fit and
// the history they have absorbed); they implement encoding.BinaryMarshaler
// and BinaryUnmarshaler so that a controller saved and restarted forecasts
// exactly as one that kept running. The other methods keep no state.
//
// No method reads a value after the forecast time (TestNoLookAhead checks
// each one). Bad arguments are
// [*InputError] values unwrapping to [ErrInvalid] and [model.ErrInvalid];
// inputs that do not cover the horizon are [ErrOutOfRange]; nothing panics
// on user data.
package forecast
