package model

import "fmt"

// CheckinDate refuses a check-in, of a goal or of an agreement, dated after
// today (asOf): a check-in records what has happened. The commands that
// record check-ins and validate both hold files to it.
func CheckinDate(date, asOf Date) error {
	if asOf != "" && date > asOf {
		return fmt.Errorf("%s is after today (%s): a check-in records what has happened", date, asOf)
	}
	return nil
}
