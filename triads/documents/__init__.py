"""Word documents of the triads' records, laid out as a school or LA would file them: the action
plan, the QA visit report and the celebration of learning report. Each is built from what its page
loads (the context triads.access has checked) and holds what its page and print view show."""
