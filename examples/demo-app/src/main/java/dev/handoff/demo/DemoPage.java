package dev.handoff.demo;

/**
 * The page around the live view. It names its version for handoff.js ({@code <meta
 * name="handoff-version">}) and loads /app.js, which loads /_handoff/handoff.js — from the sidecar
 * when there is one, else from this app's own copy; app.js also tolerates that script failing to
 * load and then runs on the browser's WebSocket.
 */
final class DemoPage {
  private final long version;

  DemoPage(long version) {
    this.version = version;
  }

  String html(ViewState initial) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="handoff-version" content="%1$d">
        <title>Handoff demo · v%1$d</title>
        <style>
          body { font: 15px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; }
          form label, fieldset { display: block; margin: .5rem 0; }
          input[type=text], textarea, select, input[type=password] { width: 100%%; box-sizing: border-box; }
          #drawer { border: 1px solid #888; padding: .5rem; margin: .5rem 0; background: #f4f4f4; }
          #status { font-weight: bold; }
          pre { white-space: pre-wrap; background: #fafafa; padding: .5rem; font-size: 12px; }
        </style>
        <script type="module" src="/app.js"></script>
        </head>
        <body>
        <header><h1>Handoff demo</h1>
        <p>page version <b id="page-version">%1$d</b> · <span id="status">connecting…</span></p></header>
        <main id="view">
        %2$s</main>
        </body>
        </html>
        """
        .formatted(version, ViewHtml.render(initial, version));
  }
}
