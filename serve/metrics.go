package serve

import (
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/live"
)

// latencyBuckets are the buckets of the latency histograms, seconds: 50 µs
// to about 3 s, doubling.
var latencyBuckets = prometheus.ExponentialBuckets(50e-6, 2, 17)

// metrics are the server's Prometheus metrics, in a registry of its own
// (never the global default one).
type metrics struct {
	reg        *prometheus.Registry
	solve      prometheus.Histogram
	step       prometheus.Histogram
	fsync      prometheus.Histogram
	intake     prometheus.Histogram
	onIntake   func(time.Duration) // observes intake (a benchmark listens in)
	requests   *prometheus.HistogramVec
	batches    *prometheus.CounterVec
	values     prometheus.Counter
	stepErrors prometheus.Counter
	snapshots  prometheus.Counter
	handler    http.Handler // GET /metrics
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.solve = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zeropark_solve_seconds",
		Help: "Time the LP solves of a Step took.", Buckets: latencyBuckets})
	m.step = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zeropark_step_seconds",
		Help: "Time a whole Controller Step took: settling, forecasting, planning.", Buckets: latencyBuckets})
	m.fsync = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zeropark_wal_fsync_seconds",
		Help: "Time an fsync of the write-ahead log took (one covers every change written before it).", Buckets: latencyBuckets})
	m.intake = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zeropark_measurement_intake_seconds",
		Help:    "Time to check a batch of measurements and log it, merged or queued behind a Step, before its fsync (and, in the measured mode, the Step it makes): a wait for the Controller shows here.",
		Buckets: latencyBuckets})
	m.onIntake = func(d time.Duration) { m.intake.Observe(d.Seconds()) }
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "zeropark_http_request_seconds",
		Help: "Time to answer an HTTP request, by route and status code.", Buckets: latencyBuckets}, []string{"route", "code"})
	m.batches = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zeropark_measurement_batches_total",
		Help: "Batches of measurements accepted (logged and synced) or rejected (a bad value, or a body that does not decode or is too large: nothing of the batch merged)."}, []string{"result"})
	m.values = prometheus.NewCounter(prometheus.CounterOpts{Name: "zeropark_measurement_values_accepted_total",
		Help: "Values in the accepted batches."})
	m.stepErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "zeropark_step_errors_total",
		Help: "Steps that returned an error (nothing planned; tried again at the next tick)."})
	m.snapshots = prometheus.NewCounter(prometheus.CounterOpts{Name: "zeropark_snapshots_total",
		Help: "Snapshots of the Controller written (the log is trimmed after each)."})
	m.batches.WithLabelValues("accepted")
	m.batches.WithLabelValues("rejected")
	return m
}

// register registers the metrics and the collector reading s's
// Controller and ledger at each scrape.
func (m *metrics) register(s *Server) {
	m.reg.MustRegister(m.solve, m.step, m.fsync, m.intake, m.requests, m.batches, m.values, m.stepErrors, m.snapshots,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&controllerCollector{s: s})
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

func (m *metrics) observeFsync(d time.Duration) { m.fsync.Observe(d.Seconds()) }

func (m *metrics) observeStep(d *live.Decision) {
	m.solve.Observe(d.SolveMS / 1000)
	m.step.Observe(d.ControllerMS / 1000)
}

// controllerCollector reads the Controller's counters (live.Metrics) and
// the ledger to date at each scrape.
type controllerCollector struct{ s *Server }

var (
	descRepairs = prometheus.NewDesc("zeropark_forecast_repairs_total",
		"Forecast values the dispatch replaced because they were unusable (NaN, infinite, negative), by series.", []string{"series"}, nil)
	descStandIns = prometheus.NewDesc("zeropark_stand_ins_total",
		"Intervals closed without a measured value, which the series' last value stood in for, by series.", []string{"series"}, nil)
	descMeasured = prometheus.NewDesc("zeropark_measured_values_total",
		"Values measured, duplicates included, by series.", []string{"series"}, nil)
	descLate = prometheus.NewDesc("zeropark_late_values_total",
		"Values that replaced a stand-in after their interval closed, by series.", []string{"series"}, nil)
	descSteps = prometheus.NewDesc("zeropark_steps_total",
		"Successful Steps of the Controller (over its whole life: saved with its state).", nil, nil)
	descSkipped = prometheus.NewDesc("zeropark_skipped_intervals_total",
		"Intervals settled with no plan (the Controller was not stepped for them).", nil, nil)
	descResidual = prometheus.NewDesc("zeropark_residual_kgco2e",
		"Residual emissions of the settled intervals kept (the ledger to date), kgCO2e.", nil, nil)
	descOffsets = prometheus.NewDesc("zeropark_offsets_needed_tco2e",
		"Offsets needed for net zero over the settled intervals kept, tCO2e.", nil, nil)
	descUnserved = prometheus.NewDesc("zeropark_unserved_energy_kwh",
		"Load left unserved over the settled intervals kept, kWh.", nil, nil)
	descUnservedHeat = prometheus.NewDesc("zeropark_unserved_heat_kwh_th",
		"Heat load left unserved over the settled intervals kept, kWh_th (a park with heat only).", nil, nil)
	descSettled = prometheus.NewDesc("zeropark_settled_intervals",
		"Settled intervals in the ledger to date.", nil, nil)
	descLastStep = prometheus.NewDesc("zeropark_last_step_timestamp_seconds",
		"Wall-clock time of the last successful Step, Unix seconds (0: none since the start).", nil, nil)
	descSoCMeasured = prometheus.NewDesc("zeropark_soc_measured_total",
		"States of charge measured, duplicates included, by battery or thermal store (kind: battery, thermal_store).", []string{"store", "kind"}, nil)
	descSoCLate = prometheus.NewDesc("zeropark_soc_late_total",
		"States of charge measured for an interval already settled (kept for the history, not the ledger), by store.", []string{"store", "kind"}, nil)
	descSoCApplied = prometheus.NewDesc("zeropark_soc_applied_total",
		"States of charge the settlement started from, by store.", []string{"store", "kind"}, nil)
	descSoCJumps = prometheus.NewDesc("zeropark_soc_jumps_total",
		fmt.Sprintf("Battery states of charge measured further than %g %% of the energy from what its flows could reach within their power limits: accepted as a recalibration and warned of.",
			100*live.SoCJumpSlackFraction), []string{"store", "kind"}, nil)
	descSoCDrift = prometheus.NewDesc("zeropark_soc_drift_kwh",
		"A battery's last measured minus settled state of charge, kWh.", []string{"store", "kind"}, nil)
	descHeatSoCDrift = prometheus.NewDesc("zeropark_heat_soc_drift_kwh_th",
		"A thermal store's last measured minus settled content, kWh_th.", []string{"store", "kind"}, nil)
	descStage = prometheus.NewDesc("zeropark_stage",
		"1 for the stage the settled period reaches (conventional, low-carbon, near-zero-carbon, zero-carbon).", []string{"stage"}, nil)
)

func (cc *controllerCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descRepairs, descStandIns, descMeasured, descLate, descSteps, descSkipped,
		descResidual, descOffsets, descUnserved, descUnservedHeat, descSettled, descLastStep, descStage,
		descSoCMeasured, descSoCLate, descSoCApplied, descSoCJumps, descSoCDrift, descHeatSoCDrift} {
		ch <- d
	}
}

func (cc *controllerCollector) Collect(ch chan<- prometheus.Metric) {
	s := cc.s
	lm := s.c.Metrics()
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, sc := range lm.Series {
		counter(descRepairs, float64(lm.Repaired[sc.Series]), sc.Series)
		counter(descStandIns, float64(sc.Filled), sc.Series)
		counter(descMeasured, float64(sc.Measured), sc.Series)
		counter(descLate, float64(sc.Late), sc.Series)
	}
	for _, b := range lm.Batteries {
		counter(descSoCMeasured, float64(b.Measured), b.Battery, "battery")
		counter(descSoCLate, float64(b.Late), b.Battery, "battery")
		counter(descSoCApplied, float64(b.Applied), b.Battery, "battery")
		counter(descSoCJumps, float64(b.Jumps), b.Battery, "battery")
		gauge(descSoCDrift, b.DriftKWh, b.Battery, "battery")
	}
	for _, h := range lm.ThermalStores {
		counter(descSoCMeasured, float64(h.Measured), h.Store, "thermal_store")
		counter(descSoCLate, float64(h.Late), h.Store, "thermal_store")
		counter(descSoCApplied, float64(h.Applied), h.Store, "thermal_store")
		counter(descSoCJumps, float64(h.Jumps), h.Store, "thermal_store")
		gauge(descHeatSoCDrift, h.DriftKWhTh, h.Store, "thermal_store")
	}
	counter(descSteps, float64(lm.Steps))
	counter(descSkipped, float64(lm.Skipped))
	gauge(descLastStep, float64(s.lastStep.Load())/1e9)
	l := s.ledger()
	gauge(descSettled, float64(l.view.SettledIntervals))
	if r := l.view.Report; r != nil {
		gauge(descResidual, r.ResidualKgCO2e)
		gauge(descOffsets, r.OffsetsNeededTCO2e)
		gauge(descUnserved, r.UnservedKWh)
		if r.Heat != nil {
			gauge(descUnservedHeat, r.Heat.UnservedKWhTh)
		}
		for _, st := range dispatch.Stages() {
			v := 0.0
			if r.Stage == st {
				v = 1
			}
			gauge(descStage, v, string(st))
		}
	}
}
