"""The workshop wing: the participants' pages, the facilitator's tools, and serving both.

- Participants' pages (:mod:`.app` is what each notebook calls): :mod:`.page`,
  :mod:`.start`, :mod:`.controls`, :mod:`.figure`, :mod:`.compute`,
  :mod:`.settings`, :mod:`.request`, :mod:`.i18n`, :mod:`.style`, and the
  widgets they are built of, :mod:`.widgets`.
- What groups save and what is made of it afterwards: :mod:`.modules`,
  :mod:`.session`, :mod:`.dashboard`, :mod:`.debrief`, :mod:`.export`,
  :mod:`.handouts`.
- Serving the pages with Voilà: :mod:`.present`, its run store
  :mod:`.runstore`, and the page template under ``jupyter/``, compiled once
  per server (:mod:`.templates`).

Nothing is imported here, so a process that needs one of these modules (the
command line exporting a session, a kernel saving to the session log) does
not pay for the widgets of the others.
"""
