//go:build cgo && (linux || darwin) && (amd64 || arm64)

package highs

// Direct calls into the HiGHS C API for the hot path of a re-solve.
//
// gohighs v0.1.1 changes bounds one column per call and allocates a fresh
// solution (and basis) on every Run. A rolling-horizon step changes
// hundreds of bounds twice, and at a 96-step horizon those per-column calls
// took 60 % of the step. HiGHS's C API has range calls for both bounds and
// costs; gohighs links the static library but does not wrap them, so we
// declare the few functions we need ourselves (HiGHS 1.12 C API,
// highs_c_api.h, built with 32-bit HighsInt as gohighs ships it) and reach
// the instance pointer that gohighs.Solver holds as its only field. The
// pointer is checked against gohighs's own answers when a solver is made;
// if the check fails the portable gohighs calls are used instead.

/*
#include <stdint.h>
typedef int HighsInt;
extern HighsInt Highs_changeColsBoundsByRange(void* highs, const HighsInt from_col, const HighsInt to_col, const double* lower, const double* upper);
extern HighsInt Highs_changeRowsBoundsByRange(void* highs, const HighsInt from_row, const HighsInt to_row, const double* lower, const double* upper);
extern HighsInt Highs_changeColsCostByRange(void* highs, const HighsInt from_col, const HighsInt to_col, const double* cost);
extern HighsInt Highs_changeCoeff(void* highs, const HighsInt row, const HighsInt col, const double value);
extern HighsInt Highs_run(void* highs);
extern HighsInt Highs_getModelStatus(const void* highs);
extern HighsInt Highs_getSolution(const void* highs, double* col_value, double* col_dual, double* row_value, double* row_dual);
extern double Highs_getObjectiveValue(const void* highs);
extern HighsInt Highs_getIntInfoValue(const void* highs, const char* info, HighsInt* value);
extern HighsInt Highs_getNumCol(const void* highs);
extern HighsInt Highs_getNumRow(const void* highs);
extern double Highs_getInfinity(const void* highs);
extern HighsInt Highs_clearSolver(void* highs);
extern HighsInt Highs_getBasis(const void* highs, HighsInt* col_status, HighsInt* row_status);
extern HighsInt Highs_setBasis(void* highs, const HighsInt* col_status, const HighsInt* row_status);
extern HighsInt Highs_getBasicVariables(const void* highs, HighsInt* basic_variables);
extern HighsInt Highs_getBasisTransposeSolve(const void* highs, const double* rhs, double* solution_vector, HighsInt* solution_nz, HighsInt* solution_index);

static const char* iterInfo = "simplex_iteration_count";
static HighsInt iterations(const void* h) {
	HighsInt v = 0;
	if (Highs_getIntInfoValue(h, iterInfo, &v) != 0) return -1;
	return v;
}
*/
import "C"

import (
	"unsafe"

	gohighs "github.com/bartolsthoorn/gohighs/highs"
)

// cStatusError is HiGHS's call status for an error (highs_c_api.h); model
// statuses have the values of gohighs.ModelStatus.
const cStatusError = -1

// direct is the raw HiGHS instance behind a gohighs.Solver, or nil when it
// could not be verified.
type direct struct {
	ptr      unsafe.Pointer
	rowValue []float64
}

// newDirect reads gohighs.Solver's instance pointer and checks that it
// answers like the solver does: same infinity, and the column and row
// counts of a model gohighs itself built.
func newDirect(h *gohighs.Solver) *direct {
	if unsafe.Sizeof(*h) != unsafe.Sizeof(unsafe.Pointer(nil)) {
		return nil
	}
	ptr := *(*unsafe.Pointer)(unsafe.Pointer(h))
	if ptr == nil || float64(C.Highs_getInfinity(ptr)) != h.Infinity() {
		return nil
	}
	if err := h.AddVars([]float64{0, 0, 0}, []float64{1, 1, 1}); err != nil {
		return nil
	}
	ok := int(C.Highs_getNumCol(ptr)) == h.NumCol() && h.NumCol() == 3 && int(C.Highs_getNumRow(ptr)) == h.NumRow()
	if err := h.ClearModel(); err != nil || !ok {
		return nil
	}
	return &direct{ptr: ptr}
}

func (d *direct) setBounds(first int, lo, hi []float64) bool {
	if len(lo) == 0 {
		return true
	}
	last := first + len(lo) - 1
	return C.Highs_changeColsBoundsByRange(d.ptr, C.HighsInt(first), C.HighsInt(last),
		(*C.double)(unsafe.Pointer(&lo[0])), (*C.double)(unsafe.Pointer(&hi[0]))) != cStatusError
}

func (d *direct) setRowBounds(first int, lo, hi []float64) bool {
	if len(lo) == 0 {
		return true
	}
	last := first + len(lo) - 1
	return C.Highs_changeRowsBoundsByRange(d.ptr, C.HighsInt(first), C.HighsInt(last),
		(*C.double)(unsafe.Pointer(&lo[0])), (*C.double)(unsafe.Pointer(&hi[0]))) != cStatusError
}

func (d *direct) setCosts(first int, c []float64) bool {
	if len(c) == 0 {
		return true
	}
	last := first + len(c) - 1
	return C.Highs_changeColsCostByRange(d.ptr, C.HighsInt(first), C.HighsInt(last),
		(*C.double)(unsafe.Pointer(&c[0]))) != cStatusError
}

func (d *direct) setCoeff(row, col int, v float64) bool {
	return C.Highs_changeCoeff(d.ptr, C.HighsInt(row), C.HighsInt(col), C.double(v)) != cStatusError
}

// run solves and copies the solution into x and dual (length = columns)
// and the row duals into rowDual, which HiGHS writes in place (length =
// rows, as Solver.Solve sizes it: any other length is refused, ok false,
// before HiGHS could write past it), returning the model status,
// objective and simplex iterations.
func (d *direct) run(x, dual, rowDual []float64) (status int, ok bool, obj float64, iters int) {
	if C.Highs_run(d.ptr) == cStatusError {
		return 0, false, 0, 0
	}
	status = int(C.Highs_getModelStatus(d.ptr))
	nr := int(C.Highs_getNumRow(d.ptr))
	if len(rowDual) != nr {
		return 0, false, 0, 0
	}
	if cap(d.rowValue) < nr {
		d.rowValue = make([]float64, nr)
	}
	d.rowValue = d.rowValue[:nr]
	var px, pd, prv, prd *C.double
	if len(x) > 0 {
		px, pd = (*C.double)(unsafe.Pointer(&x[0])), (*C.double)(unsafe.Pointer(&dual[0]))
	}
	if nr > 0 {
		prv, prd = (*C.double)(unsafe.Pointer(&d.rowValue[0])), (*C.double)(unsafe.Pointer(&rowDual[0]))
	}
	C.Highs_getSolution(d.ptr, px, pd, prv, prd)
	return status, true, float64(C.Highs_getObjectiveValue(d.ptr)), int(C.iterations(d.ptr))
}

// getBasis reads HiGHS's basis into b, sized to the model by the caller
// (Solver.Basis).
func (d *direct) getBasis(b *Basis) bool {
	return C.Highs_getBasis(d.ptr, statusPtr(b.col), statusPtr(b.row)) != cStatusError
}

// setBasis clears HiGHS's solver state (solution, basis, simplex) and
// sets basis b, checked against the model by the caller (Solver.SetBasis).
func (d *direct) setBasis(b *Basis) bool {
	if C.Highs_clearSolver(d.ptr) == cStatusError {
		return false
	}
	return C.Highs_setBasis(d.ptr, statusPtr(b.col), statusPtr(b.row)) != cStatusError
}

// btran solves Bᵀy = c_B for the basis HiGHS holds (y of length rows):
// c_B is c at each basic column and 0 at each basic row (HiGHS lists a
// basic row r as −r−1). HiGHS factors the basis first when it holds no
// factorisation. false when it has no basis.
func (d *direct) btran(c, y []float64) bool {
	nr := len(y)
	if nr == 0 {
		return true
	}
	basic := make([]C.HighsInt, nr)
	if C.Highs_getBasicVariables(d.ptr, &basic[0]) == cStatusError {
		return false
	}
	rhs := make([]float64, nr)
	for k, v := range basic {
		if j := int(v); j >= 0 && j < len(c) {
			rhs[k] = c[j]
		}
	}
	idx := make([]C.HighsInt, nr)
	var nz C.HighsInt
	clear(y)
	return C.Highs_getBasisTransposeSolve(d.ptr, (*C.double)(unsafe.Pointer(&rhs[0])), (*C.double)(unsafe.Pointer(&y[0])), &nz,
		&idx[0]) != cStatusError
}

// statusPtr is v as a HighsInt array (nil when empty); HighsInt is C int,
// 32 bits.
func statusPtr(v []int32) *C.HighsInt {
	if len(v) == 0 {
		return nil
	}
	return (*C.HighsInt)(unsafe.Pointer(&v[0]))
}
