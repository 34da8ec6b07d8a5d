"""The workshop's stylesheet: large type for a projector, system fonts only (no downloads)."""

STYLESHEET = """<style>
.gc-page { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
           font-size: 17px; line-height: 1.45; color: #1a1a1a; max-width: 1500px; }
.gc-page .widget-html, .gc-page .widget-html-content { font-size: 17px; line-height: 1.45; }
.gc-h1 { font-size: 30px; margin: 8px 0 0 0; }
.gc-h2 { font-size: 23px; margin: 16px 0 6px 0; }
.gc-question { font-size: 20px; font-style: italic; margin: 2px 0; }
.gc-text { max-width: 62em; white-space: normal; }
.gc-label { font-weight: 600; font-size: 18px; }
.gc-unit { font-weight: 400; color: #444; }
.gc-help { font-size: 15px; color: #444; white-space: normal; max-width: 40em; }
.gc-small { font-size: 15px; color: #444; white-space: normal; }
.gc-headline { font-size: 20px; white-space: normal; }
.gc-status { font-size: 16px; color: #8a5a00; }
.gc-error { font-size: 16px; color: #b00020; font-weight: 600; white-space: normal; }
.gc-questions li { margin-bottom: 6px; font-size: 18px; }
.gc-link { font-size: 17px; color: #0072B2; }
.gc-modules li { margin-bottom: 8px; font-size: 19px; }
.gc-subtitle { font-weight: 600; margin-top: 10px; }
.gc-table { border-collapse: collapse; font-size: 16px; margin-top: 4px; }
.gc-table th, .gc-table td { border-bottom: 1px solid #ccc; padding: 4px 10px; text-align: right; }
.gc-table th:first-child, .gc-table td:first-child { text-align: left; }
.gc-swatch { display: inline-block; width: 14px; height: 14px; margin-right: 6px; vertical-align: middle; }
.gc-page .widget-button, .gc-page .widget-toggle-button { font-size: 16px; height: 36px; }
.gc-page .widget-slider .widget-readout { font-size: 17px; min-width: 4em; }
</style>"""
