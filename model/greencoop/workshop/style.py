"""The workshop's stylesheet: one page from a phone to a projector, system fonts only (no downloads).

Three layouts, chosen by the screen's width in CSS pixels (a browser zoomed to
150 % on a 1920 px projector is 1280 px wide, and gets the laptop layout), and
tighter results on short screens:

- phones (below :data:`TWO_COLUMNS` px): one column: the levers, then the
  guess or the results, the panels stacked; nothing is wider than the screen;
- laptops: the levers beside the results, the panels two by two;
- projectors (from :data:`PROJECTOR` px): the whole width, type readable from
  the back of a room (24 px body text), the panels three across;
- short screens (two columns, at most :data:`SHORT_SCREEN` px high, as a
  laptop zoomed to 150 %): the results' headline and legend set tighter, so
  the headline and the first panels are seen together.

The widgets' own sizes (inputs, buttons, slider readouts) follow the same
type size through the widget library's CSS variables.
"""

#: Narrowest screen, in CSS pixels, with the levers beside the results.
TWO_COLUMNS = 760
#: Narrowest screen, in CSS pixels, laid out for a projector.
PROJECTOR = 1700
#: Tallest screen, in CSS pixels, laid out short: a laptop zoomed to 150 % (1366 x 768 shows 911 x 512) keeps
#: the headline and the first panels in one view by tighter type and spacing around them.
SHORT_SCREEN = 620
#: Body text, in CSS pixels, on phones and laptops and on a projector.
BODY_PX = 17
PROJECTOR_BODY_PX = 24

STYLESHEET = f"""<style>
.gc-page {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
           font-size: {BODY_PX}px; line-height: 1.45; color: #1a1a1a; max-width: 1500px; min-width: 0;
           box-sizing: border-box; overflow-wrap: anywhere;
           --jp-widgets-font-size: {BODY_PX}px; --jp-widgets-inline-height: 38px;
           --jp-widgets-inline-label-width: auto; }}
.gc-page * {{ box-sizing: border-box; min-width: 0; }}
.gc-page .widget-html, .gc-page .widget-html-content {{ font-size: inherit; line-height: 1.45; }}
.gc-page .widget-html-content {{ white-space: normal; }}
.gc-h1 {{ font-size: 1.75em; line-height: 1.2; margin: 8px 0 0 0; }}
.gc-h2 {{ font-size: 1.35em; margin: 16px 0 6px 0; }}
.gc-h3 {{ font-size: 1.12em; margin: 14px 0 4px 0; }}
.gc-question {{ font-size: 1.18em; font-style: italic; margin: 2px 0; }}
.gc-text {{ max-width: 62em; white-space: normal; }}
.gc-label {{ font-weight: 600; font-size: 1.06em; }}
.gc-unit {{ font-weight: 400; color: #444; }}
.gc-help {{ font-size: 0.9em; color: #444; white-space: normal; max-width: 40em; }}
.gc-small {{ font-size: 0.9em; color: #444; white-space: normal; }}
.gc-headline {{ font-size: 1.18em; white-space: normal; }}
.gc-notice {{ display: inline-block; margin-top: 4px; padding: 4px 10px; background: #eef4fa;
              border-left: 5px solid #0072B2; font-size: 0.9em; }}
.gc-status {{ font-size: 0.95em; color: #8a5a00; }}
.gc-saved {{ font-size: 0.95em; color: #006644; font-weight: 600; white-space: normal; }}
.gc-error {{ font-size: 0.95em; color: #b00020; font-weight: 600; white-space: normal; }}
.gc-questions li {{ margin-bottom: 6px; font-size: 1.06em; }}
.gc-link {{ font-size: 1em; color: #0072B2; }}
.gc-modules li {{ margin-bottom: 8px; font-size: 1.12em; }}
.gc-subtitle {{ font-weight: 600; margin-top: 10px; }}
.gc-table {{ border-collapse: collapse; font-size: 0.95em; margin-top: 4px; max-width: 100%; }}
.gc-table th, .gc-table td {{ border-bottom: 1px solid #ccc; padding: 4px 10px; text-align: right; }}
.gc-table th:first-child, .gc-table td:first-child {{ text-align: left; }}
.gc-chain th, .gc-chain td {{ overflow-wrap: normal; }}
.gc-chain td + td {{ white-space: nowrap; }}
.gc-chain .gc-part td {{ color: #444; font-size: 0.95em; }}
.gc-chain .gc-part td:first-child {{ padding-left: 2em; }}
@media (max-width: {TWO_COLUMNS}px) {{
  .gc-chain th, .gc-chain td {{ padding: 4px 6px; }}
  .gc-chain .gc-part td:first-child {{ padding-left: 1.2em; }}
}}
.gc-swatch {{ display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: middle;
              flex: none; }}
svg.gc-swatch {{ width: 2.2em; height: 1.2em; }}
.gc-legend {{ display: flex; flex-wrap: wrap; gap: 4px 18px; align-items: center; margin: 6px 0; }}
.gc-legend-item {{ display: inline-flex; align-items: center; }}
.gc-legend-note {{ font-size: 0.85em; color: #444; flex-basis: 100%; }}
.gc-page .widget-button, .gc-page .widget-toggle-button {{ font-size: 0.95em; height: auto; min-height: 38px;
                                                          white-space: normal; max-width: 100%; }}
.gc-page .widget-toggle-buttons .widget-toggle-button {{ width: auto; }}
.gc-page .widget-toggle-buttons .btn-group {{ flex-wrap: wrap; display: flex; gap: 4px; }}
.gc-page .widget-slider .widget-readout {{ font-size: 1em; min-width: 4em; }}
.gc-page .widget-text, .gc-page .widget-textarea {{ width: 100%; max-width: min(100%, 40em); flex-wrap: wrap;
                                                  margin-left: 0; margin-right: 0; }}
.gc-page .widget-text input, .gc-page .widget-textarea textarea {{ min-width: 0; flex: 1 1 12em; width: 100%; }}
.gc-page .widget-text input, .gc-page .widget-textarea textarea {{ font-size: 1em; font-family: inherit; }}
.gc-page .widget-textarea textarea {{ min-height: 5em; }}
.gc-page .widget-label {{ font-size: 1em; }}
.gc-page .widget-hslider, .gc-page .widget-box {{ max-width: 100%; }}
.gc-page .widget-hbox {{ flex-wrap: wrap; gap: 6px; }}
.gc-body {{ display: flex; flex-flow: row wrap; gap: 12px 28px; align-items: flex-start; width: 100%; }}
.gc-side, .gc-main {{ flex: 1 1 100%; width: 100%; }}
.gc-panels {{ display: grid; grid-template-columns: 1fr; gap: 12px 20px; width: 100%; }}
.gc-panel-title {{ font-weight: 600; font-size: 0.95em; line-height: 1.25; }}
.gc-panel img {{ width: 100%; height: auto; display: block; }}
.gc-buttons {{ display: flex; flex-wrap: wrap; gap: 6px; }}
@media (min-width: {TWO_COLUMNS}px) {{
  .gc-side {{ flex: 0 1 34%; max-width: 460px; }}
  .gc-main {{ flex: 1 1 0; width: auto; }}
  .gc-panels {{ grid-template-columns: repeat(2, minmax(0, 1fr)); }}
}}
@media (min-width: {TWO_COLUMNS}px) and (max-height: {SHORT_SCREEN}px) {{
  .gc-results .gc-h2 {{ margin: 4px 0 2px 0; font-size: 1.2em; }}
  .gc-headline {{ font-size: 1em; line-height: 1.35; }}
  .gc-notice {{ margin-top: 2px; padding: 2px 8px; }}
  .gc-legend {{ gap: 0 14px; margin: 2px 0; font-size: 0.9em; }}
  .gc-legend-note {{ font-size: 0.85em; }}
  .gc-panel-title {{ font-size: 0.9em; }}
}}
@media (min-width: {PROJECTOR}px) {{
  .gc-page {{ font-size: {PROJECTOR_BODY_PX}px; max-width: none; --jp-widgets-font-size: {PROJECTOR_BODY_PX}px;
             --jp-widgets-inline-height: 48px; }}
  .gc-side {{ max-width: 560px; }}
  .gc-panels {{ grid-template-columns: repeat(3, minmax(0, 1fr)); }}
  .gc-swatch {{ width: 20px; height: 20px; }}
}}
</style>"""
