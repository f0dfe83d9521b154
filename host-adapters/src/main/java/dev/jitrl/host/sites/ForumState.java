package dev.jitrl.host.sites;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The forum's data: forums and members (fixed), threads, replies and post counts (reset before each episode).
 * The success checks read it; {@link ForumPages} renders it; {@link ForumApp} changes it on a form post. Time
 * is the forum's own: it starts at 25 April 2024 09:00 and each new post moves it on by a minute, so pages are
 * the same on every run.
 */
final class ForumState {
  /** The signed-in member. */
  static final String ME = "alex_d";
  static final int PAGE_SIZE = 10;
  private static final LocalDateTime START = LocalDateTime.of(2024, 4, 25, 9, 0);

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

  private static final Comparator<ForumThread> LATEST_FIRST =
      Comparator.comparing(ForumThread::lastActivity).reversed().thenComparingInt(ForumThread::id);

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


  private final Map<Integer, ForumThread> threads = new LinkedHashMap<>();
  private final Map<String, Integer> postCounts = new LinkedHashMap<>();
  private int initialThreadCount;
  private LocalDateTime clock;

  ForumState() {
    reset();
  }

  void reset() {
    threads.clear();
    postCounts.clear();
    USERS.forEach(u -> postCounts.put(u.name(), u.initialPosts()));
    LocalDateTime t = START;
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

  // ---- what the pages and the checks read ----

  List<Forum> forums() {
    return FORUMS;
  }

  Optional<Forum> forum(String slug) {
    return FORUMS.stream().filter(f -> f.slug().equals(slug)).findFirst();
  }

  List<User> users() {
    return USERS;
  }

  Optional<User> user(String name) {
    return USERS.stream().filter(u -> u.name().equals(name)).findFirst();
  }

  Optional<ForumThread> thread(int id) {
    return Optional.ofNullable(threads.get(id));
  }

  /** The pinned help thread. */
  ForumThread pinned() {
    return threads.values().stream().filter(ForumThread::pinned).findFirst().orElseThrow();
  }

  /** The threads of a forum other than the pinned one, latest activity first. */
  List<ForumThread> threadsIn(String forum) {
    return threads.values().stream().filter(t -> t.forum().equals(forum) && !t.pinned()).sorted(LATEST_FIRST).toList();
  }

  /** Threads other than the pinned one, latest activity first. */
  List<ForumThread> latestThreads(int limit) {
    return threads.values().stream().filter(t -> !t.pinned()).sorted(LATEST_FIRST).limit(limit).toList();
  }

  /** Threads a member started, in thread order. */
  List<ForumThread> threadsStartedBy(String user) {
    return threads.values().stream().filter(t -> t.author().equals(user)).toList();
  }

  /** Replies the signed-in member added since the last reset, in thread order. */
  List<Post> newRepliesBy(String user, int threadId) {
    return thread(threadId).map(t -> t.posts().stream().skip(1)
        .filter(p -> p.author().equals(user) && p.at().isAfter(START)).toList())
        .orElse(List.of());
  }

  /** Threads created since the last reset. */
  List<ForumThread> newThreads() {
    return threads.values().stream().skip(initialThreadCount).toList();
  }

  Optional<Integer> postCount(String user) {
    return Optional.ofNullable(postCounts.get(user));
  }

  // ---- changes ----

  /** The signed-in member replies; false if there is no such thread. The body must not be blank. */
  boolean reply(int threadId, String body) {
    ForumThread t = threads.get(threadId);
    if (t == null) {
      return false;
    }
    clock = clock.plusMinutes(1);
    t.posts().add(new Post(ME, clock, body.strip()));
    postCounts.merge(ME, 1, Integer::sum);
    return true;
  }

  /** The signed-in member starts a thread in an existing forum; title and body must not be blank. */
  int createThread(String forum, String title, String body) {
    clock = clock.plusMinutes(1);
    int id = threads.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    add(id, forum, title.strip(), false, clock, ME, body.strip());
    postCounts.merge(ME, 1, Integer::sum);
    return id;
  }
}
