"""Words and reports: the end report, the turn summary as data, the debrief."""
