package dev.bridle.app.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * The model bindings the user ran with lately, newest first, remembered across starts. {@code mock} (the scenario's
 * script) is always offered first.
 */
public final class RecentBindings {

    static final String KEY = "recentBindings";
    static final int MAX = 8;
    public static final String MOCK = "mock";

    private final Preferences prefs;

    public RecentBindings(Preferences prefs) {
        this.prefs = prefs;
    }

    /** The user's preferences node of the workbench. */
    public static RecentBindings forUser() {
        return new RecentBindings(Preferences.userRoot().node("dev/bridle/workbench"));
    }

    public List<String> list() {
        List<String> out = new ArrayList<>();
        out.add(MOCK);
        Arrays.stream(prefs.get(KEY, "").split("\n")).map(String::strip)
                .filter(s -> !s.isEmpty() && !s.equals(MOCK)).forEach(out::add);
        return List.copyOf(out);
    }

    /** Remembers a binding as the newest. */
    public void used(String binding) {
        String b = binding.strip();
        if (b.isEmpty() || b.equals(MOCK)) {
            return;
        }
        List<String> list = new ArrayList<>(list().subList(1, list().size()));
        list.remove(b);
        list.addFirst(b);
        prefs.put(KEY, String.join("\n", list.subList(0, Math.min(MAX, list.size()))));
    }
}
