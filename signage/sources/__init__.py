"""Where content comes from: feed files, later HTTP, calendars, spreadsheets. No Qt here."""
