package dev.bridle.scenario;

import java.util.List;

/**
 * Writes scenario results as JUnit XML, so that a CI system can gate on a harness's scenarios like on any tests.
 * One {@code testsuite} named {@code bridle}; each scenario is a {@code testcase} whose class name is its harness.
 */
public final class JUnitReport {

    private JUnitReport() {}

    public static String xml(List<ScenarioSuite.Result> results) {
        long failures = results.stream().filter(r -> r instanceof ScenarioSuite.Result.Ran ran
                && !ran.report().passed()).count();
        long errors = results.stream().filter(r -> r instanceof ScenarioSuite.Result.Invalid).count();
        long skipped = results.stream().filter(r -> r instanceof ScenarioSuite.Result.Pending).count();
        double seconds = results.stream().mapToLong(ScenarioSuite.Result::millis).sum() / 1000.0;
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format("<testsuite name=\"bridle\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\""
                + " time=\"%.3f\">%n", results.size(), failures, errors, skipped, seconds));
        for (ScenarioSuite.Result r : results) {
            String name = r.name();
            int slash = name.indexOf('/');
            String cls = slash < 0 ? "bridle" : name.substring(0, slash);
            String test = slash < 0 ? name : name.substring(slash + 1);
            sb.append(String.format("  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"", esc(cls), esc(test),
                    r.millis() / 1000.0));
            switch (r) {
                case ScenarioSuite.Result.Ran ran when ran.report().passed() -> sb.append("/>\n");
                case ScenarioSuite.Result.Ran ran -> sb.append(">\n    <failure message=\"")
                        .append(esc(ran.report().mismatches().getFirst())).append("\">")
                        .append(esc(String.join("\n", ran.report().mismatches()))).append("</failure>\n")
                        .append("  </testcase>\n");
                case ScenarioSuite.Result.Pending p -> sb.append(">\n    <skipped message=\"")
                        .append(esc(p.reason())).append("\"/>\n  </testcase>\n");
                case ScenarioSuite.Result.Invalid inv -> sb.append(">\n    <error message=\"")
                        .append(esc(inv.problems().getFirst().render())).append("\"/>\n  </testcase>\n");
            }
        }
        return sb.append("</testsuite>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
