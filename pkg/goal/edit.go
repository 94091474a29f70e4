package goal

import (
	"reflect"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// EditSubject names what a hand edit changed, for the commit subject:
// "edit title, keyResults"; "edit layout and comments" when no field did.
func EditSubject(old, nu *model.Goal) string {
	var changed []string
	if old.Metadata.Title != nu.Metadata.Title {
		changed = append(changed, "title")
	}
	if !reflect.DeepEqual(old.Metadata.Labels, nu.Metadata.Labels) || old.Metadata.Description != nu.Metadata.Description {
		changed = append(changed, "metadata")
	}
	ov, nv := reflect.ValueOf(old.Spec), reflect.ValueOf(nu.Spec)
	for i := 0; i < ov.NumField(); i++ {
		if !reflect.DeepEqual(ov.Field(i).Interface(), nv.Field(i).Interface()) {
			name, _, _ := strings.Cut(ov.Type().Field(i).Tag.Get("yaml"), ",")
			changed = append(changed, name)
		}
	}
	if len(changed) == 0 {
		return "edit layout and comments"
	}
	return "edit " + strings.Join(changed, ", ")
}
