package dev.jitrl.host.sites;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Trailhead Community", a forum under {@code /forum}: forums, paginated thread lists with a pinned help thread,
 * threads with a reply form, a new-topic form and member profiles. The signed-in member is
 * {@value ForumState#ME}. This class routes requests: a GET renders one of {@link ForumPages}, a POST changes
 * {@link ForumState} and redirects (or shows the form again with an error).
 */
final class ForumApp {
  private static final Pattern THREAD = Pattern.compile("/forum/t/(\\d+)");
  private static final Pattern REPLY = Pattern.compile("/forum/t/(\\d+)/reply");
  private static final Pattern FORUM = Pattern.compile("/forum/f/([a-z]+)");
  private static final Pattern NEW_TOPIC = Pattern.compile("/forum/f/([a-z]+)/new");
  private static final Pattern PROFILE = Pattern.compile("/forum/u/([a-z_]+)");

  private final ForumState state;
  private final ForumPages pages;

  ForumApp(ForumState state) {
    this.state = state;
    this.pages = new ForumPages(state);
  }

  WebResponse handle(WebRequest request) {
    return request.isPost() ? post(request) : get(request);
  }

  private WebResponse post(WebRequest request) {
    String path = request.path();
    Matcher m = REPLY.matcher(path);
    if (m.matches()) {
      return reply(Integer.parseInt(m.group(1)), request.param("body").orElse(""));
    }
    m = NEW_TOPIC.matcher(path);
    if (m.matches()) {
      return createThread(m.group(1), request.param("title").orElse(""), request.param("body").orElse(""));
    }
    return pages.notFound();
  }

  private WebResponse reply(int threadId, String body) {
    Optional<ForumState.ForumThread> thread = state.thread(threadId);
    if (thread.isEmpty()) {
      return pages.notFound();
    }
    if (body.isBlank()) {
      return pages.thread(thread.get(), "Your reply is empty.");
    }
    state.reply(threadId, body);
    return WebResponse.seeOther("/forum/t/" + threadId);
  }

  private WebResponse createThread(String slug, String title, String body) {
    Optional<ForumState.Forum> forum = state.forum(slug);
    if (forum.isEmpty()) {
      return pages.notFound();
    }
    if (title.isBlank() || body.isBlank()) {
      return pages.newTopic(forum.get(), title, body, "A topic needs a title and a message.");
    }
    return WebResponse.seeOther("/forum/t/" + state.createThread(slug, title, body));
  }

  private WebResponse get(WebRequest request) {
    String path = request.path();
    if (path.equals("/forum") || path.equals("/forum/")) {
      return pages.home();
    }
    if (path.equals("/forum/members")) {
      return pages.members();
    }
    Matcher m = THREAD.matcher(path);
    if (m.matches()) {
      return state.thread(Integer.parseInt(m.group(1))).map(t -> pages.thread(t, "")).orElseGet(pages::notFound);
    }
    m = NEW_TOPIC.matcher(path);
    if (m.matches()) {
      return state.forum(m.group(1)).map(f -> pages.newTopic(f, "", "", "")).orElseGet(pages::notFound);
    }
    m = FORUM.matcher(path);
    if (m.matches()) {
      int page = request.intParam("page", 1);
      return state.forum(m.group(1)).map(f -> pages.forum(f, page)).orElseGet(pages::notFound);
    }
    m = PROFILE.matcher(path);
    if (m.matches()) {
      return state.user(m.group(1)).map(pages::profile).orElseGet(pages::notFound);
    }
    return pages.notFound();
  }
}
