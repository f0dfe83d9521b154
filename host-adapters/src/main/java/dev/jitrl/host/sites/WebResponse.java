package dev.jitrl.host.sites;

/** What an app answers: an HTML page with a status, or a 303 redirect after a form post. */
record WebResponse(int status, String body, String location) {
  static WebResponse page(String html) {
    return new WebResponse(200, html, null);
  }

  static WebResponse notFound(String html) {
    return new WebResponse(404, html, null);
  }

  /** Post/redirect/get: a browser follows a 303 with a GET, so reloading never repeats the post. */
  static WebResponse seeOther(String location) {
    return new WebResponse(303, "", location);
  }

  boolean isRedirect() {
    return location != null;
  }
}
