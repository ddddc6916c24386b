package model_test

import (
	"fmt"

	"github.com/zeropark/zeropark/model"
)

func ExampleForecastSet_Acquire() {
	fs := &model.ForecastSet{} // forecasters omitted: perfect information
	hold, ok := fs.Acquire()
	fmt.Println("first run takes it:", ok)
	_, ok = fs.Acquire()
	fmt.Println("second run takes it:", ok)
	fmt.Println("released:", hold.Release())
	fmt.Println("released twice:", hold.Release())
	next, ok := fs.Acquire()
	fmt.Println("next run takes it:", ok)
	fmt.Println("the old hold frees it:", hold.Release())
	fmt.Println("the next run's hold frees it:", next.Release())
	// Output:
	// first run takes it: true
	// second run takes it: false
	// released: true
	// released twice: false
	// next run takes it: true
	// the old hold frees it: false
	// the next run's hold frees it: true
}
