package status

import (
	"fmt"
	"strconv"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/model"
)

// ActionItems lists the open action items of a proposed or active
// agreement's check-ins: those past their due date as overdue, the others
// as needing action when due within `within` days of asOf or undated (an
// action item with no date is due as soon as it can be done). People is
// the item's owner.
func ActionItems(a *model.Agreement, asOf model.Date, within int) (needsAction, overdue []Item) {
	if s := a.Spec.Status; s != model.AgreementActive && s != model.AgreementProposed {
		return nil, nil
	}
	id := a.Metadata.ID
	for _, x := range agreement.OpenActions(a, asOf) {
		it := Item{Kind: KindAction, Agreement: id, Action: x.N, Teams: parties(a, ""), People: appendNew([]string{}, x.Owner),
			Next: "collab agree action-done " + id + " " + strconv.Itoa(x.N)}
		what := fmt.Sprintf("action %d from the %s check-in: %s", x.N, x.Checkin, x.Text)
		switch {
		case x.Overdue:
			it.Date, it.Days = x.Due, -x.DaysLate
			it.Text = fmt.Sprintf("%s, %s late", what, plural(x.DaysLate, "day"))
			overdue = append(overdue, it)
		case !x.Due.Valid():
			it.Text = what + ", no due date"
			needsAction = append(needsAction, it)
		default:
			it.Date, it.Days = x.Due, model.DaysBetween(asOf, x.Due)
			if it.Days > within {
				continue
			}
			it.Text = what + ", " + when(it.Days)
			needsAction = append(needsAction, it)
		}
	}
	return needsAction, overdue
}
