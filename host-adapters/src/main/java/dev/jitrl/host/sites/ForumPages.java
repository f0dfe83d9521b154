package dev.jitrl.host.sites;

import dev.jitrl.host.sites.ForumState.Forum;
import dev.jitrl.host.sites.ForumState.ForumThread;
import dev.jitrl.host.sites.ForumState.Post;
import dev.jitrl.host.sites.ForumState.User;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The forum's pages, rendered from {@link ForumState}; reading them never changes the state. */
final class ForumPages {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
  private static final Link FORUMS = new Link("/forum", "Forums");

  private final ForumState state;

  ForumPages(ForumState state) {
    this.state = state;
  }

  private static String layout(String title, Html main) {
    Html header = Html.builder()
        .add("<a class=\"brand\" href=\"/forum\">Trailhead Community</a>\n")
        .add(Menu.of("Main", List.of(FORUMS, new Link("/forum/members", "Members"))))
        .add("<p class=\"user\">Signed in as {}</p>\n", userLink(ForumState.ME))
        .build();
    return HtmlPage.render(title + " | Trailhead Community", "forum", header, main);
  }

  private static WebResponse page(String title, Html main) {
    return WebResponse.page(layout(title, main));
  }

  private static Html userLink(String name) {
    return new Link("/forum/u/" + name, name).html();
  }

  private static Html threadLink(ForumThread t) {
    return new Link("/forum/t/" + t.id(), t.title()).html();
  }

  private static Link forumLink(Forum f) {
    return new Link("/forum/f/" + f.slug(), f.name());
  }

  WebResponse home() {
    Table table = Table.withColumns("Forum", "About", "Threads");
    for (Forum f : state.forums()) {
      table.row(forumLink(f).html(), f.description(), state.threadsIn(f.slug()).size());
    }
    Html.Builder main = Html.builder()
        .add("<h1>Community forums</h1>\n")
        .add("<section aria-labelledby=\"ann\"><h2 id=\"ann\">Announcements</h2>\n<p>{}</p>\n</section>\n",
            threadLink(state.pinned()))
        .add(table.html())
        .add("<section aria-labelledby=\"latest\"><h2 id=\"latest\">Latest activity</h2>\n<ul>\n");
    state.latestThreads(5).forEach(t ->
        main.add("<li>{} in {}</li>\n", threadLink(t), state.forum(t.forum()).orElseThrow().name()));
    return page("Forums", main.add("</ul>\n</section>\n").build());
  }

  WebResponse forum(Forum f, int requestedPage) {
    List<ForumThread> list = state.threadsIn(f.slug());
    Pagination pages = Pagination.of(list.size(), ForumState.PAGE_SIZE, requestedPage);
    ForumThread pin = state.pinned();
    Table table = Table.withColumns("Topic", "Started by", "Replies", "Last post")
        .rowOfClass("pinned", Html.of("<strong>Pinned:</strong> {}", threadLink(pin)), userLink(pin.author()),
            pin.posts().size() - 1, pin.lastActivity().format(WHEN));
    for (ForumThread t : pages.slice(list, ForumState.PAGE_SIZE)) {
      table.row(threadLink(t), userLink(t.author()), t.posts().size() - 1, t.lastActivity().format(WHEN));
    }
    return page(f.name(), Html.builder()
        .add(Breadcrumb.of(FORUMS, f.name()))
        .add("<h1>{}</h1>\n", f.name())
        .add("<p><a class=\"button\" href=\"/forum/f/{}/new\">New topic</a></p>\n", f.slug())
        .add(table.html())
        .add(pages.navigation(i -> "/forum/f/" + f.slug() + "?page=" + i))
        .build());
  }

  /** A thread with its reply form; {@code error} (if not empty) says why the last reply was refused. */
  WebResponse thread(ForumThread t, String error) {
    Forum f = state.forum(t.forum()).orElseThrow();
    Html.Builder main = Html.builder()
        .add(Breadcrumb.of(List.of(FORUMS, forumLink(f)), Optional.empty()))
        .add("<h1>{}</h1>\n", t.title());
    for (Post p : t.posts()) {
      main.add("<article class=\"post\"><p class=\"meta\">{} wrote on {}</p>\n<p>{}</p></article>\n",
          userLink(p.author()), p.at().format(WHEN), p.body());
    }
    if (!error.isEmpty()) {
      main.add(HtmlPage.error(error));
    }
    main.add("<form method=\"post\" action=\"/forum/t/{}/reply\">\n"
        + "<label for=\"body\">Your reply</label>\n"
        + "<textarea id=\"body\" name=\"body\" rows=\"5\" cols=\"60\"></textarea>\n"
        + "<button type=\"submit\">Post reply</button>\n</form>\n", t.id());
    return page(t.title(), main.build());
  }

  /** The new-topic form, filled with what was typed; {@code error} (if not empty) says why it was refused. */
  WebResponse newTopic(Forum f, String title, String body, String error) {
    Html.Builder main = Html.builder()
        .add(Breadcrumb.of(List.of(FORUMS, forumLink(f)), Optional.empty()))
        .add("<h1>New topic in {}</h1>\n", f.name());
    if (!error.isEmpty()) {
      main.add(HtmlPage.error(error));
    }
    main.add("<form method=\"post\" action=\"/forum/f/{}/new\">\n"
        + "<p><label for=\"title\">Title</label> <input type=\"text\" id=\"title\" name=\"title\" value=\"{}\"/></p>\n"
        + "<p><label for=\"body\">Message</label>\n<textarea id=\"body\" name=\"body\" rows=\"8\" cols=\"60\">{}"
        + "</textarea></p>\n<button type=\"submit\">Publish</button>\n</form>\n", f.slug(), title, body);
    return page("New topic", main.build());
  }

  WebResponse profile(User u) {
    Html.Builder main = Html.builder()
        .add(Breadcrumb.of(new Link("/forum/members", "Members"), u.name()))
        .add("<h1>{}</h1>\n<ul class=\"stats\">\n", u.name())
        .add("<li>Joined: {}</li>\n", u.joined())
        .add("<li>Total posts by {}: <strong id=\"post-count\">{}</strong></li>\n", u.name(),
            state.postCount(u.name()).orElseThrow())
        .add("<li>About: {}</li>\n</ul>\n<h2>Threads started</h2>\n<ul>\n", u.about());
    state.threadsStartedBy(u.name()).forEach(t -> main.add("<li>{}</li>\n", threadLink(t)));
    return page(u.name(), main.add("</ul>\n").build());
  }

  WebResponse members() {
    Table table = Table.withColumns("Member", "Joined");
    state.users().forEach(u -> table.row(userLink(u.name()), u.joined()));
    return page("Members", Html.builder().add("<h1>Members</h1>\n").add(table.html()).build());
  }

  WebResponse notFound() {
    return WebResponse.notFound(layout("Not found",
        Html.of("<h1>Page not found</h1>\n<p><a href=\"/forum\">Back to the forums</a></p>\n")));
  }
}
