package results

// BacktestJSONShape is backtest.json's shape, for the generated key table
// (jsonkeys_test.go).
type BacktestJSONShape = backtestJSON
