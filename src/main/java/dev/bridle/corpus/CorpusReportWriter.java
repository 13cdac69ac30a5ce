package dev.bridle.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A {@link CorpusReport} as Markdown (for people), JSON (for tools) or JUnit XML (for a CI gate: one test case per
 * run, failing when its outcome changes, skipped when it can no longer be decided offline).
 */
public final class CorpusReportWriter {

    /** The report formats, known by the file's extension. */
    public enum Format {
        MARKDOWN, JSON, JUNIT_XML;

        /**
         * The format of a report file by its extension: {@code .md}, {@code .json} or {@code .xml}.
         *
         * @throws IllegalArgumentException for any other extension
         */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".md")) {
                return MARKDOWN;
            } else if (name.endsWith(".json")) {
                return JSON;
            } else if (name.endsWith(".xml")) {
                return JUNIT_XML;
            }
            throw new IllegalArgumentException("report " + file + ": the file must end in .md, .json or .xml");
        }
    }

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CorpusReportWriter() {}

    /** Writes the report in the format its file's extension names. */
    public static void write(CorpusReport report, Path file) throws IOException {
        String text = switch (Format.of(file)) {
            case MARKDOWN -> markdown(report, Integer.MAX_VALUE);
            case JSON -> json(report);
            case JUNIT_XML -> junitXml(report);
        };
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The report as Markdown, with at most {@code rows} runs in each list (the console shows a few). */
    public static String markdown(CorpusReport r, int rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("# What-if: harness `").append(r.harness()).append("` over ").append(count(r.replayed()))
                .append(" recorded runs\n\n");
        sb.append("**").append(r.headline()).append("**\n\n");
        sb.append("- runs replayed: ").append(count(r.replayed()));
        if (r.filteredOut() > 0) {
            sb.append(" (").append(count(r.filteredOut())).append(" more left out by the filter)");
        }
        sb.append('\n');
        sb.append("- runs whose outcome changes: ").append(count(r.outcomeChanges().size())).append('\n');
        sb.append("- runs whose decisions change: ").append(count(r.decisionChanges().size())).append('\n');
        sb.append("- runs that can no longer be decided offline: ").append(count(r.undecidable().size())).append('\n');
        if (!r.unreadable().isEmpty()) {
            sb.append("- runs that could not be read: ").append(count(r.unreadable().size())).append('\n');
        }
        if (!r.outcomeChanges().isEmpty()) {
            sb.append("\n## Outcome changes\n\n| from → to | runs |\n|---|---:|\n");
            r.transitions().forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            sb.append("\n| run | recorded | now | decisions changed |\n|---|---|---|---:|\n");
            List<CorpusReport.RunReplay> changed = r.outcomeChanges();
            changed.stream().limit(rows).forEach(x -> sb.append("| `").append(x.id()).append("` | ")
                    .append(cell(x.before().text())).append(" | ").append(cell(x.after().text())).append(" | ")
                    .append(x.decisionsChanged()).append(" |\n"));
            more(sb, changed.size(), rows);
        }
        if (!r.rules().isEmpty()) {
            sb.append("\n## Decisions that change, by rule\n\n")
                    .append("| rule | runs | taken no more | taken now | example |\n|---|---:|---:|---:|---|\n");
            r.rules().stream().limit(rows).forEach(g -> sb.append("| `").append(cell(g.rule())).append("` | ")
                    .append(g.runs()).append(" | ").append(g.takenNoMore()).append(" | ").append(g.takenNow())
                    .append(" | `").append(g.exampleRun()).append("`: ").append(cell(g.example())).append(" |\n"));
            more(sb, r.rules().size(), rows);
        }
        if (!r.undecidable().isEmpty()) {
            sb.append("\n## Runs that can no longer be decided offline\n\n");
            r.undecidable().stream().limit(rows).forEach(x -> sb.append("- `").append(x.id()).append("`: ")
                    .append(String.join("; ", x.undecided())).append('\n'));
            more(sb, r.undecidable().size(), rows);
        }
        if (!r.unreadable().isEmpty()) {
            sb.append("\n## Runs that could not be read\n\n");
            r.unreadable().stream().limit(rows).forEach(u -> sb.append("- `").append(u.id()).append("`: ")
                    .append(u.why()).append('\n'));
            more(sb, r.unreadable().size(), rows);
        }
        return sb.toString();
    }

    private static void more(StringBuilder sb, int size, int rows) {
        if (size > rows) {
            sb.append("\n… and ").append(count(size - rows)).append(" more (write the whole list with --report)\n");
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The report as JSON: the counts, every run replayed, the rule groups and the unreadable runs. */
    public static String json(CorpusReport r) {
        ObjectNode root = JSON_MAPPER.createObjectNode();
        root.put("harness", r.harness());
        root.put("headline", r.headline());
        root.put("selected", r.selected());
        root.put("filteredOut", r.filteredOut());
        root.put("replayed", r.replayed());
        root.put("outcomeChanged", r.outcomeChanges().size());
        root.put("decisionsChanged", r.decisionChanges().size());
        root.put("undecidable", r.undecidable().size());
        ObjectNode transitions = root.putObject("transitions");
        r.transitions().forEach(transitions::put);
        ArrayNode rules = root.putArray("rules");
        for (CorpusReport.RuleChange g : r.rules()) {
            ObjectNode o = rules.addObject();
            o.put("rule", g.rule());
            o.put("runs", g.runs());
            o.put("takenNoMore", g.takenNoMore());
            o.put("takenNow", g.takenNow());
            o.putObject("example").put("run", g.exampleRun()).put("decision", g.example());
        }
        ArrayNode runs = root.putArray("runs");
        for (CorpusReport.RunReplay x : r.runs()) {
            ObjectNode o = runs.addObject();
            o.put("id", x.id());
            ending(o.putObject("recorded"), x.before());
            ending(o.putObject("now"), x.after());
            o.put("outcomeChanged", x.outcomeChanged());
            o.put("decisionsChanged", x.decisionsChanged());
            x.firstDivergence().ifPresent(d -> o.put("firstDivergence", d));
            ArrayNode why = o.putArray("undecided");
            x.undecided().forEach(why::add);
        }
        ArrayNode unreadable = root.putArray("unreadable");
        r.unreadable().forEach(u -> unreadable.addObject().put("id", u.id()).put("why", u.why()));
        try {
            return JSON_MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ending(ObjectNode o, CorpusReport.Ending e) {
        o.put("outcome", e.outcome());
        o.put("rule", e.rule());
        o.put("step", e.step());
    }

    /**
     * The report as JUnit XML: a suite named after the harness, one test case per run (and per unreadable run, as an
     * error). A run whose outcome changes fails with "recorded → now"; one that can no longer be decided offline and
     * keeps its outcome is skipped, with the reason.
     */
    public static String junitXml(CorpusReport r) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", "whatif " + r.harness());
            x.writeAttribute("tests", String.valueOf(r.replayed() + r.unreadable().size()));
            x.writeAttribute("failures", String.valueOf(r.outcomeChanges().size()));
            x.writeAttribute("errors", String.valueOf(r.unreadable().size()));
            x.writeAttribute("skipped", String.valueOf(r.runs().stream()
                    .filter(c -> c.undecidable() && !c.outcomeChanged()).count()));
            x.writeCharacters("\n");
            for (CorpusReport.RunReplay c : r.runs()) {
                x.writeCharacters("  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "whatif." + r.harness());
                x.writeAttribute("name", c.id());
                if (c.outcomeChanged()) {
                    x.writeStartElement("failure");
                    x.writeAttribute("message", c.before().text() + " → " + c.after().text());
                    x.writeAttribute("type", "outcome-changed");
                    x.writeCharacters(details(c));
                    x.writeEndElement();
                } else if (c.undecidable()) {
                    x.writeStartElement("skipped");
                    x.writeAttribute("message", "cannot be decided offline: " + String.join("; ", c.undecided()));
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            for (CorpusReport.Unreadable u : r.unreadable()) {
                x.writeCharacters("  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", "whatif." + r.harness());
                x.writeAttribute("name", u.id());
                x.writeStartElement("error");
                x.writeAttribute("message", u.why());
                x.writeEndElement();
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static String details(CorpusReport.RunReplay c) {
        StringBuilder sb = new StringBuilder();
        sb.append("recorded: ").append(c.before().text()).append('\n');
        sb.append("now:      ").append(c.after().text()).append('\n');
        sb.append(c.decisionsChanged()).append(" decision(s) change");
        Optional<String> first = c.firstDivergence();
        first.ifPresent(d -> sb.append("; first at ").append(d));
        sb.append('\n');
        c.undecided().forEach(u -> sb.append("note: ").append(u).append('\n'));
        return sb.toString();
    }
}
