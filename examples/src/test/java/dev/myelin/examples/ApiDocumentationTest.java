package dev.myelin.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every public type of the library modules has a javadoc comment, and so does every public member
 * of the API's (myelin-core's) public types; the backends' public members are the SPI's
 * implementations and the C libraries' bindings, documented where they are declared.
 * The javadoc tool runs with doclint's "missing" group off (it would also demand a tag for every
 * parameter), so this is the check that keeps the API documented: a public declaration whose
 * preceding lines (annotations aside) are not a {@code /** ... *}{@code /} comment fails it.
 * Overrides inherit their documentation and are exempt.
 */
class ApiDocumentationTest {
    private static final List<String> LIBRARY_SOURCES = List.of("engine-core", "engine-cpu", "engine-cuda");
    private static final String API = "engine-core";
    private static final Pattern TYPE = Pattern.compile("^public (?:final |abstract |sealed |non-sealed |static )*(?:class|interface|enum|record|@interface) ");
    private static final Pattern MEMBER = Pattern.compile("^    public (?!.*\\bclass\\b.*\\{\\s*}$)");
    // an interface's members are public without the keyword: a declaration at member depth
    private static final Pattern INTERFACE_MEMBER = Pattern.compile("^    (?:default |static )?(?!return |throw |new |this)[A-Za-z][\\w<>\\[\\], .?]*\\(.*");

    @Test
    void everyPublicDeclarationHasAJavadocComment() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("..", LIBRARY_SOURCES.get(0), "src")),
                "reads the source tree (../<module>/src), which the distribution's test run does not have");
        List<String> missing = new ArrayList<>();
        for (String module : LIBRARY_SOURCES) {
            Path root = Path.of("..", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList()) {
                    check(f, Files.readAllLines(f), module.equals(API), missing);
                }
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " public declarations have no javadoc comment:\n  " + String.join("\n  ", missing));
    }

    private static void check(Path file, List<String> lines, boolean members, List<String> missing) {
        boolean publicInterface = lines.stream().anyMatch(l -> l.matches("^public (sealed )?interface .*"));
        boolean publicType = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean type = TYPE.matcher(line).find();
            publicType |= type;
            boolean member = members && publicType && (MEMBER.matcher(line).find()
                    || (publicInterface && INTERFACE_MEMBER.matcher(line).find() && !line.contains("=")));
            if (!type && !member) continue;
            if (!documented(lines, i)) missing.add(file + ":" + (i + 1) + ": " + line.strip());
        }
    }

    /** Whether the lines above {@code i}, annotations skipped, close a javadoc comment (or an override). */
    private static boolean documented(List<String> lines, int i) {
        int j = i - 1;
        while (j >= 0 && lines.get(j).strip().startsWith("@")) {
            if (lines.get(j).strip().startsWith("@Override")) return true;
            j--;
        }
        if (j < 0 || !lines.get(j).strip().endsWith("*/")) return false;
        while (j >= 0 && !lines.get(j).strip().startsWith("/*")) j--;
        return j >= 0 && lines.get(j).strip().startsWith("/**");
    }
}
