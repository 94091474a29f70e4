// Parse an iCalendar stream on stdin with ical.js (the parser of Mozilla
// Thunderbird) and print what a calendar program reads from it, as JSON:
// the calendar's name and, per event, its properties decoded (lines
// unfolded, text unescaped). The module's folder is in COLLAB_ICALJS.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ICAL = (await import(pathToFileURL(join(process.env.COLLAB_ICALJS, "dist", "ical.js")).href)).default;

// RFC 5545 3.8.8.2: a non-standard property's value is TEXT unless it says
// otherwise; ical.js leaves unknown properties raw unless told.
ICAL.design.icalendar.property["x-wr-calname"] = { defaultType: "text" };
ICAL.design.icalendar.property["x-wr-caldesc"] = { defaultType: "text" };

const cal = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
const text = (c, name) => {
  const v = c.getFirstPropertyValue(name);
  return v === null ? "" : String(v);
};
const events = cal.getAllSubcomponents("vevent").map((ev) => ({
  UID: text(ev, "uid"),
  Summary: text(ev, "summary"),
  Description: text(ev, "description"),
  Location: text(ev, "location"),
  Status: text(ev, "status"),
  Start: text(ev, "dtstart"),
  End: text(ev, "dtend"),
  Stamp: text(ev, "dtstamp"),
  Modified: text(ev, "last-modified"),
  Sequence: ev.getFirstPropertyValue("sequence") ?? 0,
  RRule: text(ev, "rrule"),
  Categories: ev.getAllProperties("categories").flatMap((p) => p.getValues()),
}));
console.log(JSON.stringify({
  Name: text(cal, "x-wr-calname"),
  Version: text(cal, "version"),
  Events: events,
}));
