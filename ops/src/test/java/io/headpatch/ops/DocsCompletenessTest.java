package io.headpatch.ops;

import io.headpatch.ops.support.MarkdownPage;
import io.headpatch.worker.plan.Outcome;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The docs a newcomer walks (README.md and docs/, read from the repository root; tests run in the module's folder):
 * every {@link Outcome} has its row on docs/outcomes.md, every command of {@link HeadpatchCommand} its row on
 * docs/operations.md, every relative link leads to a file (and heading), and the README stays short.
 */
class DocsCompletenessTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path DOCS = REPOSITORY.resolve("docs");
    private static final int README_MAX_LINES = 200;

    @Test
    void everyOutcomeHasARowOnTheOutcomesPage() {
        // given
        MarkdownPage outcomes = MarkdownPage.read(DOCS.resolve("outcomes.md"));

        // when
        List<String> missing = Arrays.stream(Outcome.values()).map(Outcome::name)
                .filter(name -> !hasTableRow(outcomes, name)).toList();

        // then
        assertThat(missing).as("outcomes without a row in page=%s", outcomes.file()).isEmpty();
    }

    @Test
    void everyCommandHasARowOnTheOperationsPage() {
        // given
        MarkdownPage operations = MarkdownPage.read(DOCS.resolve("operations.md"));
        List<String> commands = Arrays.stream(HeadpatchCommand.class.getAnnotation(Command.class).subcommands())
                .map(type -> type.getAnnotation(Command.class).name()).toList();

        // when
        List<String> missing = commands.stream().filter(name -> !hasTableRow(operations, name)).toList();

        // then
        assertThat(commands).contains("launch", "help");
        assertThat(missing).as("commands without a row in page=%s", operations.file()).isEmpty();
    }

    @Test
    void theReadmeIsShort() {
        // when
        MarkdownPage readme = MarkdownPage.read(REPOSITORY.resolve("README.md"));

        // then
        assertThat(readme.lineCount()).as("lines of page=%s", readme.file()).isLessThanOrEqualTo(README_MAX_LINES);
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndItsHeading() throws IOException {
        // given
        List<MarkdownPage> pages = new ArrayList<>();
        pages.add(MarkdownPage.read(REPOSITORY.resolve("README.md")));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().map(MarkdownPage::read).forEach(pages::add);
        }

        // when
        List<String> broken = new ArrayList<>();
        for (MarkdownPage page : pages) {
            for (String link : page.links()) {
                String problem = problemOf(page, link);
                if (problem != null) {
                    broken.add("page=" + page.file().normalize() + " link=" + link + " " + problem);
                }
            }
        }

        // then
        assertThat(pages).hasSizeGreaterThan(6);
        assertThat(broken).isEmpty();
    }

    /** A row of a Markdown table whose first cell is the name in code, alone or followed by its arguments. */
    private static boolean hasTableRow(MarkdownPage page, String name) {
        Pattern row = Pattern.compile("^\\| `" + Pattern.quote(name) + "[` ].*");
        return page.textLines().stream().anyMatch(line -> row.matcher(line).matches());
    }

    /** Null when the link leads somewhere: an address elsewhere is not checked. */
    private static String problemOf(MarkdownPage page, String link) {
        if (link.contains("://") || link.startsWith("mailto:")) {
            return null;
        }
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? "" : link.substring(hash + 1);
        Path target = path.isEmpty() ? page.file() : page.file().resolveSibling(path).normalize();
        if (!Files.exists(target)) {
            return "target=" + target + " does not exist";
        }
        if (!anchor.isEmpty() && target.toString().endsWith(".md") && !MarkdownPage.read(target).anchors().contains(anchor)) {
            return "anchor=" + anchor + " is no heading of " + target;
        }
        return null;
    }
}
