package dev.jitrl.host.sites;

import static dev.jitrl.host.sites.HtmlPage.esc;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Trailhead Community", a forum under {@code /forum}: forums, paginated thread lists with a pinned help thread,
 * threads with a reply form, a new-topic form and member profiles. The signed-in member is {@value #ME}.
 */
final class ForumApp {
  static final String ME = "alex_d";
  static final int PAGE_SIZE = 10;

  record Forum(String slug, String name, String description) {}

  record User(String name, String joined, String about, int initialPosts) {}

  record Post(String author, LocalDateTime at, String body) {}

  /** A thread; {@code posts} is mutable so that replies can be appended. */
  record ForumThread(int id, String forum, String title, boolean pinned, List<Post> posts) {
    LocalDateTime lastActivity() {
      return posts.get(posts.size() - 1).at();
    }

    String author() {
      return posts.get(0).author();
    }
  }

  private static final List<Forum> FORUMS = List.of(
      new Forum("general", "General discussion", "Anything that does not fit elsewhere."),
      new Forum("cycling", "Cycling", "Bikes, routes, repairs and gear."),
      new Forum("cooking", "Cooking", "Recipes, kitchen tools and techniques."),
      new Forum("feedback", "Site feedback", "Ideas and bug reports for this forum."));

  private static final List<User> USERS = List.of(
      new User("mod_sam", "2019-02-11", "Moderator. Be kind.", 540),
      new User("bikerjoe", "2020-06-03", "Gravel rides and too many spare tubes.", 128),
      new User("marta_k", "2019-09-21", "Commuter cyclist, weekend baker.", 214),
      new User("chef_lina", "2021-01-15", "Line cook turned home cook.", 87),
      new User("ridgeway", "2022-04-30", "Hiking, mostly.", 45),
      new User("pedalpusher", "2023-03-08", "New to road cycling.", 19),
      new User("breadhead", "2020-11-12", "Sourdough or nothing.", 66),
      new User(ME, "2024-01-05", "Just looking around.", 3));

  private static final Pattern THREAD = Pattern.compile("/forum/t/(\\d+)");
  private static final Pattern REPLY = Pattern.compile("/forum/t/(\\d+)/reply");
  private static final Pattern FORUM = Pattern.compile("/forum/f/([a-z]+)");
  private static final Pattern NEW_TOPIC = Pattern.compile("/forum/f/([a-z]+)/new");
  private static final Pattern PROFILE = Pattern.compile("/forum/u/([a-z_]+)");
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

  private final Map<Integer, ForumThread> threads = new LinkedHashMap<>();
  private final Map<String, Integer> postCounts = new LinkedHashMap<>();
  private int initialThreadCount;
  private LocalDateTime clock;

  ForumApp() {
    reset();
  }

  void reset() {
    threads.clear();
    postCounts.clear();
    USERS.forEach(u -> postCounts.put(u.name(), u.initialPosts()));
    LocalDateTime t = LocalDateTime.of(2024, 4, 25, 9, 0);
    add(1, "feedback", "Read first: how to post, reply and start a new thread", true, t.minusDays(300),
        "mod_sam", "Welcome! To start a new thread, open a forum and use New topic. To reply, use the form under"
            + " the last post of a thread. Be kind, search before you post, and keep each thread on one topic.");
    String[][] general = {
        {"Favourite podcasts this spring", "ridgeway", "Looking for something to listen to on long walks."},
        {"Best budget headphones?", "pedalpusher", "Mine just broke, what do you use?"},
        {"Photo thread: your desk setup", "bikerjoe", "Post your workspace."},
        {"Moving to Portland, tips?", "pedalpusher", "Which neighbourhoods are good for cycling?"},
        {"Book club: April pick", "marta_k", "This month we read a novel about a lighthouse."},
        {"Houseplants that survive neglect", "breadhead", "Asking for a friend."},
        {"What are you working on this week?", "ridgeway", "Weekly check-in thread."},
        {"Board game recommendations", "chef_lina", "Two players, under an hour."},
        {"Learning to swim as an adult", "pedalpusher", "Any advice for a nervous beginner?"},
        {"Old photos of the harbour", "mod_sam", "Share your scans."},
        {"Running shoes for flat feet", "ridgeway", "Need something supportive."},
        {"Winter commuting clothes", "marta_k", "What do you wear to stay warm and dry on the way to work?"},
    };
    for (int i = 0; i < general.length; i++) {
      add(2 + i, "general", general[i][0], false, t.minusDays(2L + 3L * i), general[i][1], general[i][2]);
    }
    ForumThread tubeless = add(14, "cycling", "Tubeless tyres: worth it?", false, t.minusDays(11), "bikerjoe",
        "Thinking of converting my gravel bike to tubeless. Is it worth the mess?");
    tubeless.posts().add(new Post("marta_k", t.minusDays(9), "Yes, no more pinch flats on my commute."));
    tubeless.posts().add(new Post("ridgeway", t.minusDays(8), "Carry a plug kit, it saves rides."));
    ForumThread saddle = add(15, "cycling", "Best saddle for long rides", false, t.minusDays(6), "pedalpusher",
        "My first century is next month and my saddle hurts after 40 km.");
    saddle.posts().add(new Post("bikerjoe", t.minusDays(5), "Get measured for sit bone width first."));
    add(16, "cycling", "Chain cleaning routine", false, t.minusDays(9), "bikerjoe",
        "Degreaser every month, or just wipe and lube?");
    ForumThread sourdough = add(17, "cooking", "Sourdough starter keeps dying", false, t.minusDays(2), "breadhead",
        "Third starter this year. It smells of nail polish remover.");
    sourdough.posts().add(new Post("chef_lina", t.minusDays(1), "Feed it more often and keep it warmer."));
    add(18, "cooking", "Knife sharpening angles", false, t.minusDays(7), "chef_lina",
        "15 or 20 degrees for a western chef knife?");
    add(19, "cooking", "Weeknight curry ideas", false, t.minusDays(10), "marta_k",
        "Something on the table in thirty minutes.");
    add(20, "feedback", "Dark mode please", false, t.minusDays(12), "pedalpusher", "My eyes at night.");
    initialThreadCount = threads.size();
    clock = t;
  }

  private ForumThread add(int id, String forum, String title, boolean pinned, LocalDateTime at, String author, String body) {
    List<Post> posts = new ArrayList<>();
    posts.add(new Post(author, at, body));
    ForumThread thread = new ForumThread(id, forum, title, pinned, posts);
    threads.put(id, thread);
    return thread;
  }

  // ---- state the checks read ----

  Optional<ForumThread> thread(int id) {
    return Optional.ofNullable(threads.get(id));
  }

  /** Replies the signed-in member added since the last reset, in thread order. */
  List<Post> newRepliesBy(String user, int threadId) {
    return thread(threadId).map(t -> t.posts().stream().skip(1)
        .filter(p -> p.author().equals(user) && p.at().isAfter(LocalDateTime.of(2024, 4, 25, 9, 0))).toList())
        .orElse(List.of());
  }

  /** Threads created since the last reset. */
  List<ForumThread> newThreads() {
    return threads.values().stream().skip(initialThreadCount).toList();
  }

  Optional<Integer> postCount(String user) {
    return Optional.ofNullable(postCounts.get(user));
  }

  Optional<Forum> forum(String slug) {
    return FORUMS.stream().filter(f -> f.slug().equals(slug)).findFirst();
  }

  // ---- routing ----

  WebResponse handle(WebRequest request) {
    String path = request.path();
    if (request.isPost()) {
      Matcher m = REPLY.matcher(path);
      if (m.matches()) {
        return reply(Integer.parseInt(m.group(1)), request.param("body").orElse(""));
      }
      m = NEW_TOPIC.matcher(path);
      if (m.matches()) {
        return createThread(m.group(1), request.param("title").orElse(""), request.param("body").orElse(""));
      }
      return notFound();
    }
    if (path.equals("/forum") || path.equals("/forum/")) {
      return home();
    }
    if (path.equals("/forum/members")) {
      return members();
    }
    Matcher m = THREAD.matcher(path);
    if (m.matches()) {
      return thread(Integer.parseInt(m.group(1))).map(t -> threadPage(t, "")).orElseGet(this::notFound);
    }
    m = NEW_TOPIC.matcher(path);
    if (m.matches()) {
      return forum(m.group(1)).map(f -> newTopicPage(f, "", "", "")).orElseGet(this::notFound);
    }
    m = FORUM.matcher(path);
    if (m.matches()) {
      int page = request.intParam("page", 1);
      return forum(m.group(1)).map(f -> forumPage(f, page)).orElseGet(this::notFound);
    }
    m = PROFILE.matcher(path);
    if (m.matches()) {
      String name = m.group(1);
      return USERS.stream().filter(u -> u.name().equals(name)).findFirst()
          .map(this::profile).orElseGet(this::notFound);
    }
    return notFound();
  }

  // ---- pages ----

  private String layout(String title, String main) {
    String header = "<a class=\"brand\" href=\"/forum\">Trailhead Community</a>\n"
        + "<nav aria-label=\"Main\"><ul>\n"
        + "<li><a href=\"/forum\">Forums</a></li>\n"
        + "<li><a href=\"/forum/members\">Members</a></li>\n"
        + "</ul></nav>\n"
        + "<p class=\"user\">Signed in as <a href=\"/forum/u/" + ME + "\">" + ME + "</a></p>\n";
    return HtmlPage.render(title + " | Trailhead Community", "forum", header, main);
  }

  private static String userLink(String name) {
    return "<a href=\"/forum/u/" + esc(name) + "\">" + esc(name) + "</a>";
  }

  private static String threadLink(ForumThread t) {
    return "<a href=\"/forum/t/" + t.id() + "\">" + esc(t.title()) + "</a>";
  }

  private ForumThread pinned() {
    return threads.values().stream().filter(ForumThread::pinned).findFirst().orElseThrow();
  }

  private List<ForumThread> threadsIn(String forum) {
    return threads.values().stream().filter(t -> t.forum().equals(forum) && !t.pinned())
        .sorted(Comparator.comparing(ForumThread::lastActivity).reversed().thenComparingInt(ForumThread::id)).toList();
  }

  private WebResponse home() {
    StringBuilder main = new StringBuilder("<h1>Community forums</h1>\n")
        .append("<section aria-labelledby=\"ann\"><h2 id=\"ann\">Announcements</h2>\n<p>")
        .append(threadLink(pinned())).append("</p>\n</section>\n")
        .append("<table>\n<thead><tr><th scope=\"col\">Forum</th><th scope=\"col\">About</th>")
        .append("<th scope=\"col\">Threads</th></tr></thead>\n<tbody>\n");
    for (Forum f : FORUMS) {
      main.append("<tr><td><a href=\"/forum/f/").append(f.slug()).append("\">").append(esc(f.name()))
          .append("</a></td><td>").append(esc(f.description())).append("</td><td>")
          .append(threadsIn(f.slug()).size()).append("</td></tr>\n");
    }
    main.append("</tbody>\n</table>\n<section aria-labelledby=\"latest\"><h2 id=\"latest\">Latest activity</h2>\n<ul>\n");
    threads.values().stream().filter(t -> !t.pinned())
        .sorted(Comparator.comparing(ForumThread::lastActivity).reversed().thenComparingInt(ForumThread::id)).limit(5)
        .forEach(t -> main.append("<li>").append(threadLink(t)).append(" in ")
            .append(esc(forum(t.forum()).orElseThrow().name())).append("</li>\n"));
    main.append("</ul>\n</section>\n");
    return WebResponse.page(layout("Forums", main.toString()));
  }

  private WebResponse forumPage(Forum f, int requestedPage) {
    List<ForumThread> list = threadsIn(f.slug());
    int pages = Math.max(1, (list.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = Math.max(1, Math.min(pages, requestedPage));
    List<ForumThread> shown = list.subList((page - 1) * PAGE_SIZE, Math.min(list.size(), page * PAGE_SIZE));
    StringBuilder main = new StringBuilder()
        .append("<nav aria-label=\"Breadcrumb\"><a href=\"/forum\">Forums</a> / <span aria-current=\"page\">")
        .append(esc(f.name())).append("</span></nav>\n<h1>").append(esc(f.name())).append("</h1>\n")
        .append("<p><a class=\"button\" href=\"/forum/f/").append(f.slug()).append("/new\">New topic</a></p>\n")
        .append("<table>\n<thead><tr><th scope=\"col\">Topic</th><th scope=\"col\">Started by</th>")
        .append("<th scope=\"col\">Replies</th><th scope=\"col\">Last post</th></tr></thead>\n<tbody>\n");
    ForumThread pin = pinned();
    main.append("<tr class=\"pinned\"><td><strong>Pinned:</strong> ").append(threadLink(pin)).append("</td><td>")
        .append(userLink(pin.author())).append("</td><td>").append(pin.posts().size() - 1).append("</td><td>")
        .append(pin.lastActivity().format(WHEN)).append("</td></tr>\n");
    for (ForumThread t : shown) {
      main.append("<tr><td>").append(threadLink(t)).append("</td><td>").append(userLink(t.author()))
          .append("</td><td>").append(t.posts().size() - 1).append("</td><td>")
          .append(t.lastActivity().format(WHEN)).append("</td></tr>\n");
    }
    main.append("</tbody>\n</table>\n");
    if (pages > 1) {
      main.append("<nav class=\"pagination\" aria-label=\"Pages\"><p>Page ").append(page).append(" of ")
          .append(pages).append("</p><ul>\n");
      if (page > 1) {
        main.append("<li><a rel=\"prev\" href=\"/forum/f/").append(f.slug()).append("?page=").append(page - 1)
            .append("\">Previous</a></li>\n");
      }
      for (int i = 1; i <= pages; i++) {
        main.append("<li><a href=\"/forum/f/").append(f.slug()).append("?page=").append(i).append('"')
            .append(i == page ? " aria-current=\"page\"" : "").append('>').append(i).append("</a></li>\n");
      }
      if (page < pages) {
        main.append("<li><a rel=\"next\" href=\"/forum/f/").append(f.slug()).append("?page=").append(page + 1)
            .append("\">Next</a></li>\n");
      }
      main.append("</ul></nav>\n");
    }
    return WebResponse.page(layout(f.name(), main.toString()));
  }

  private WebResponse threadPage(ForumThread t, String error) {
    Forum f = forum(t.forum()).orElseThrow();
    StringBuilder main = new StringBuilder()
        .append("<nav aria-label=\"Breadcrumb\"><a href=\"/forum\">Forums</a> / <a href=\"/forum/f/")
        .append(f.slug()).append("\">").append(esc(f.name())).append("</a></nav>\n")
        .append("<h1>").append(esc(t.title())).append("</h1>\n");
    for (Post p : t.posts()) {
      main.append("<article class=\"post\"><p class=\"meta\">").append(userLink(p.author())).append(" wrote on ")
          .append(p.at().format(WHEN)).append("</p>\n<p>").append(esc(p.body())).append("</p></article>\n");
    }
    if (!error.isEmpty()) {
      main.append(HtmlPage.error(error));
    }
    main.append("<form method=\"post\" action=\"/forum/t/").append(t.id()).append("/reply\">\n")
        .append("<label for=\"body\">Your reply</label>\n")
        .append("<textarea id=\"body\" name=\"body\" rows=\"5\" cols=\"60\"></textarea>\n")
        .append("<button type=\"submit\">Post reply</button>\n</form>\n");
    return WebResponse.page(layout(t.title(), main.toString()));
  }

  private WebResponse newTopicPage(Forum f, String title, String body, String error) {
    StringBuilder main = new StringBuilder()
        .append("<nav aria-label=\"Breadcrumb\"><a href=\"/forum\">Forums</a> / <a href=\"/forum/f/")
        .append(f.slug()).append("\">").append(esc(f.name())).append("</a></nav>\n")
        .append("<h1>New topic in ").append(esc(f.name())).append("</h1>\n");
    if (!error.isEmpty()) {
      main.append(HtmlPage.error(error));
    }
    main.append("<form method=\"post\" action=\"/forum/f/").append(f.slug()).append("/new\">\n")
        .append("<p><label for=\"title\">Title</label> <input type=\"text\" id=\"title\" name=\"title\" value=\"")
        .append(esc(title)).append("\"/></p>\n")
        .append("<p><label for=\"body\">Message</label>\n<textarea id=\"body\" name=\"body\" rows=\"8\" cols=\"60\">")
        .append(esc(body)).append("</textarea></p>\n")
        .append("<button type=\"submit\">Publish</button>\n</form>\n");
    return WebResponse.page(layout("New topic", main.toString()));
  }

  private WebResponse profile(User u) {
    StringBuilder main = new StringBuilder()
        .append("<nav aria-label=\"Breadcrumb\"><a href=\"/forum/members\">Members</a> / <span aria-current=\"page\">")
        .append(esc(u.name())).append("</span></nav>\n")
        .append("<h1>").append(esc(u.name())).append("</h1>\n<ul class=\"stats\">\n")
        .append("<li>Joined: ").append(esc(u.joined())).append("</li>\n")
        .append("<li>Total posts by ").append(esc(u.name())).append(": <strong id=\"post-count\">")
        .append(postCounts.get(u.name())).append("</strong></li>\n")
        .append("<li>About: ").append(esc(u.about())).append("</li>\n</ul>\n")
        .append("<h2>Threads started</h2>\n<ul>\n");
    threads.values().stream().filter(t -> t.author().equals(u.name()))
        .forEach(t -> main.append("<li>").append(threadLink(t)).append("</li>\n"));
    main.append("</ul>\n");
    return WebResponse.page(layout(u.name(), main.toString()));
  }

  private WebResponse members() {
    StringBuilder main = new StringBuilder("<h1>Members</h1>\n<table>\n<thead><tr><th scope=\"col\">Member</th>")
        .append("<th scope=\"col\">Joined</th></tr></thead>\n<tbody>\n");
    for (User u : USERS) {
      main.append("<tr><td>").append(userLink(u.name())).append("</td><td>").append(esc(u.joined()))
          .append("</td></tr>\n");
    }
    main.append("</tbody>\n</table>\n");
    return WebResponse.page(layout("Members", main.toString()));
  }

  private WebResponse reply(int threadId, String body) {
    ForumThread t = threads.get(threadId);
    if (t == null) {
      return notFound();
    }
    if (body.isBlank()) {
      return WebResponse.page(threadPage(t, "Your reply is empty.").body());
    }
    clock = clock.plusMinutes(1);
    t.posts().add(new Post(ME, clock, body.strip()));
    postCounts.merge(ME, 1, Integer::sum);
    return WebResponse.seeOther("/forum/t/" + threadId);
  }

  private WebResponse createThread(String slug, String title, String body) {
    Optional<Forum> f = forum(slug);
    if (f.isEmpty()) {
      return notFound();
    }
    if (title.isBlank() || body.isBlank()) {
      return WebResponse.page(newTopicPage(f.get(), title, body, "A topic needs a title and a message.").body());
    }
    clock = clock.plusMinutes(1);
    int id = threads.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    add(id, slug, title.strip(), false, clock, ME, body.strip());
    postCounts.merge(ME, 1, Integer::sum);
    return WebResponse.seeOther("/forum/t/" + id);
  }

  private WebResponse notFound() {
    return WebResponse.notFound(layout("Not found",
        "<h1>Page not found</h1>\n<p><a href=\"/forum\">Back to the forums</a></p>\n"));
  }
}
