#!/usr/bin/env python3
"""A client of `zeropark serve`, Python's standard library only.

It posts measurements (a JSON file: one object or an array, keys as in
GET /openapi.json's Measurement) and prints the setpoints of GET /plan
(with the heat side's for a park with heat):

    export ZEROPARK_TOKEN=$(cat park.state/token)   # or --token-file
    python3 client.py --url http://127.0.0.1:8080 --measurements m.json

An EMS would call post_measurements() when its meters report and
get_plan() to fetch the setpoints to send to the inverters.
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.request


class ServeError(Exception):
    """An error answer: the status, the message and each refused value."""

    def __init__(self, status, body):
        self.status = status
        self.message = body.get("error", "")
        self.problems = body.get("problems", [])
        super().__init__(f"HTTP {status}: {self.message}")


def _request(url, method="GET", body=None, token=None, timeout_s=10):
    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:
            return json.loads(resp.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        try:
            err = json.loads(e.read().decode("utf-8"))
        except ValueError:
            err = {"error": e.reason}
        raise ServeError(e.code, err) from None


def post_measurements(base_url, token, measurements):
    """POST /measurements: returns the counts and the log record; the
    batch is on disk when this returns. Safe to retry (the last value sent
    for an interval wins)."""
    return _request(base_url + "/measurements", "POST", measurements, token)


def get_plan(base_url, token=None):
    """GET /plan: the decision (setpoints of the interval being executed)
    and the plan behind it."""
    return _request(base_url + "/plan", token=token)


def get_ledger(base_url, token=None):
    """GET /ledger: residual, offsets needed and the stage to date."""
    return _request(base_url + "/ledger", token=token)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--measurements", help="JSON file of measurements to post")
    ap.add_argument("--token-file", help="file holding the bearer token (else $ZEROPARK_TOKEN)")
    args = ap.parse_args()
    token = os.environ.get("ZEROPARK_TOKEN", "")
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            token = f.read().strip()
    try:
        if args.measurements:
            with open(args.measurements, encoding="utf-8") as f:
                ms = json.load(f)
            res = post_measurements(args.url, token, ms)
            # "late" is absent when the batch was queued behind a step in progress.
            late = "queued" if res.get("queued") else f"{res['late']} late"
            print(f"accepted {res['measurements']} measurement(s): {res['values']} values, "
                  f"{late}, log record {res['seq']}")
            # The measured mode: a batch whose readings stepped over intervals
            # no step planned says how many and why (the decision's warnings).
            if res.get("skipped_intervals"):
                print(f"warning: the step to {res['stepped']} settled {res['skipped_intervals']} interval(s) "
                      f"without a plan", file=sys.stderr)
                for w in res.get("step_warnings", []):
                    print(f"warning: {w}", file=sys.stderr)
        plan = get_plan(args.url, token)
    except ServeError as e:
        print(e, file=sys.stderr)
        for p in e.problems:
            print(f"  measurement[{p['index']}] {p['asset']}: {p['field']} = {p.get('value')}: {p['reason']}", file=sys.stderr)
        return 1
    d = plan["decision"]
    print(f"interval {d['start']} to {d['end']}: import {d['import_kw']:.1f} kW, export {d['export_kw']:.1f} kW")
    for b in d["batteries"]:
        print(f"  battery \"{b['name']}\": charge {b['charge_kw']:.1f} kW, discharge {b['discharge_kw']:.1f} kW, "
              f"{b['start_soc_kwh']:.0f} -> {b['end_soc_kwh']:.0f} kWh")
    for r in d["pv"] + d["wind"]:
        print(f"  \"{r['name']}\": limit {r['limit_kw']:.1f} kW of {r['available_forecast_kw']:.1f} kW forecast")
    if "heat" in d:  # a park with heat
        print_heat(d["heat"])
    return 0


def print_heat(h):
    """Prints the heat setpoints of a decision (kW_th, kW, kW of fuel LHV)."""
    print(f"  heat: {h['load_forecast_kw_th']:.1f} kW_th forecast, {h['unserved_kw_th']:.1f} kW_th unserved")
    for x in h["heat_pumps"]:
        print(f"  heat pump \"{x['name']}\": {x['heat_kw_th']:.1f} kW_th from {x['electric_kw']:.1f} kW (COP {x['cop']:.2f})")
    for x in h["electric_boilers"]:
        print(f"  electric boiler \"{x['name']}\": {x['heat_kw_th']:.1f} kW_th from {x['electric_kw']:.1f} kW")
    for x in h["fuel_boilers"]:
        print(f"  fuel boiler \"{x['name']}\": {x['heat_kw_th']:.1f} kW_th from {x['fuel_kw_lhv']:.1f} kW of fuel")
    for x in h["chp"]:
        dump = f", {x['heat_dump_kw_th']:.1f} kW_th of it dumped" if "heat_dump_kw_th" in x else ""
        print(f"  CHP \"{x['name']}\": {x['electric_kw']:.1f} kW and {x['heat_kw_th']:.1f} kW_th{dump} from {x['fuel_kw_lhv']:.1f} kW of fuel")
    for x in h["thermal_stores"]:
        print(f"  thermal store \"{x['name']}\": charge {x['charge_kw_th']:.1f} kW_th, discharge {x['discharge_kw_th']:.1f} kW_th, "
              f"{x['start_soc_kwh_th']:.0f} -> {x['end_soc_kwh_th']:.0f} kWh_th")
    for x in h["purchased_heat"]:
        print(f"  purchased heat \"{x['name']}\": {x['heat_kw_th']:.1f} kW_th")


if __name__ == "__main__":
    sys.exit(main())
