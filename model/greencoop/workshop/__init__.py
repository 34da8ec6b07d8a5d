"""The workshop wing: the participants' pages, the facilitator's tools, and serving both.

- Participants' pages (:mod:`.app` is what each notebook calls): the app
  moving between the start page and the modules, :mod:`.navigation`, with its
  address kept in step, :mod:`.address`; :mod:`.page`, :mod:`.start`,
  :mod:`.controls`, :mod:`.figure`, :mod:`.compute`, :mod:`.settings`,
  :mod:`.request`, :mod:`.style`, and the widgets they are built of,
  :mod:`.widgets`.
- What groups save and what is made of it afterwards: :mod:`.modules`,
  :mod:`.session`, :mod:`.dashboard`, :mod:`.debrief`, :mod:`.export`,
  :mod:`.handouts`.
- Serving the pages with Voilà: :mod:`.present`; the room's kernels, preheated
  (:mod:`.pool`), guarded and given back (:mod:`.room`), and waited on
  (:mod:`.kernel_client`); its run store :mod:`.runstore`; the front end sent
  compressed (:mod:`.compressed`); and the page template under ``jupyter/``,
  compiled once per server (:mod:`.templates`).

Nothing is imported here, so a process that needs one of these modules (the
command line exporting a session, a kernel saving to the session log) does
not pay for the widgets of the others.
"""
