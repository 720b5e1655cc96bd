"""Reads an iCalendar file with Python's icalendar and prints its events as JSON, for the Swift tests:
{"name": …, "events": [{"uid", "summary", "start", "end", "allDay", "utcOffsetHours"}]} with days and times as ISO text."""
import datetime, json, sys
import icalendar

cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = []
for e in cal.walk("VEVENT"):
    start, end = e.decoded("DTSTART"), e.decoded("DTEND")
    timed = isinstance(start, datetime.datetime)
    events.append({"uid": str(e.get("UID")), "summary": str(e.get("SUMMARY")), "start": start.isoformat(), "end": end.isoformat(),
                   "allDay": not timed, "utcOffsetHours": start.utcoffset().total_seconds() / 3600 if timed else None})
print(json.dumps({"name": str(cal.get("X-WR-CALNAME")), "events": events}, ensure_ascii=False))
