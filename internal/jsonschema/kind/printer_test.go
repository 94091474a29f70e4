package kind

import (
	"errors"
	"math"
	"math/rand"
	"testing"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// TestPrinterAsXText compares Printer with the x/text English printer
// upstream uses, on the argument types the messages pass (ints, float64
// from big.Rat, strings, errors, any value for %T) and many numbers.
func TestPrinterAsXText(t *testing.T) {
	x := message.NewPrinter(language.English)
	r := rand.New(rand.NewSource(1))
	var nums []any
	for range 20000 {
		f := r.NormFloat64() * math.Pow(10, float64(r.Intn(50)-25))
		nums = append(nums, int(r.Int63n(1<<uint(r.Intn(62)+1))-(1<<20)), f, math.Round(f), float64(r.Intn(100000))/100)
	}
	nums = append(nums, 0, -7, 999, 1000, math.MinInt64, math.MaxInt64, 0.0, math.Copysign(0, -1), 1e20, 1e21, 1e-4, 1e-5,
		123456789.125, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64)
	bad := 0
	check := func(format string, args ...any) {
		if got, want := English.Sprintf(format, args...), x.Sprintf(format, args...); got != want && bad < 20 {
			bad++
			t.Errorf("Sprintf(%q, %v) = %q; x/text: %q", format, args, got, want)
		}
	}
	for i, n := range nums {
		check("minimum: got %v, want %v", n, nums[(i+1)%len(nums)])
		check("minLength: got %d, want %d", n, 3)
		check("invalid jsonType %T", n)
		check("'oneOf' failed, subschemas %d, %d matched", n, n)
	}
	check("%s is not valid %s: %v", `"x"`, "date", errors.New("month out of range"))
	check("missing property %s, %q at %v", "'a'", "b", "1000 2")
	check("100%% of %d", 12345)
	check("max %d items required to match contains schema, but matched %d items at %v", 2, 1234, "0 1")
}
