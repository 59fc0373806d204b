package dev.myelin.examples;

import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiles every Java block of the user docs against the API, so a snippet cannot drift from it.
 * Each block becomes the body of its own method; the doc's first block (the imports) heads the
 * class, and the variables the doc says its snippets use are that method's parameters.
 */
class DocSnippetsTest {
    private static final String VARIABLES = "float[][] xTrain, float[] yTrain, float[][] xTest, float[] yTest,"
            + " dev.myelin.data.Dataset train, dev.myelin.data.Dataset test";
    private static final String COMMON_IMPORTS = "import java.nio.file.Path;\nimport java.util.List;\nimport java.util.Map;\n";

    @Test
    void kerasToMyelinCompiles() throws IOException {
        compile(Path.of("..", "docs", "keras-to-myelin.md"));
    }

    private static void compile(Path doc) throws IOException {
        List<String[]> blocks = javaBlocks(Files.readAllLines(doc));
        assertTrue(blocks.size() > 5, doc + " has only " + blocks.size() + " Java blocks");
        StringBuilder src = new StringBuilder(blocks.getFirst()[1]).append(COMMON_IMPORTS).append("class Snippets {\n");
        for (int i = 1; i < blocks.size(); i++) {
            // A marker comment per block, so that a compiler error can be traced to the doc's line.
            src.append("  void snippet").append(i).append("(").append(VARIABLES).append(") throws Exception {\n")
                    .append("    // ").append(doc.getFileName()).append(":").append(blocks.get(i)[0]).append('\n')
                    .append(blocks.get(i)[1]).append("  }\n");
        }
        src.append("}\n");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no Java compiler in this runtime");
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippets.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) { return src; }
        };
        Path out = Files.createTempDirectory("snippets");
        boolean ok = javac.getTask(null, null, diagnostics,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none"),
                null, List.of(file)).call();
        String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> docLine(src.toString(), (int) d.getLineNumber()) + ": " + d.getMessage(null))
                .collect(Collectors.joining("\n"));
        assertTrue(ok, doc + ": snippets do not compile:\n" + errors);
    }

    /** The ```java blocks of a Markdown file: {first line number, text}. */
    private static List<String[]> javaBlocks(List<String> lines) {
        List<String[]> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) continue;
            int start = i + 2;
            StringBuilder b = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) b.append("    ").append(lines.get(i)).append('\n');
            blocks.add(new String[] {String.valueOf(start), b.toString()});
        }
        return blocks;
    }

    /** Where generated line {@code line} came from: the nearest marker above it, plus the offset. */
    private static String docLine(String src, int line) {
        String[] lines = src.split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            String s = lines[i].strip();
            if (s.startsWith("// ") && s.contains(".md:")) {
                String[] parts = s.substring(3).split(":");
                return parts[0] + ":" + (Integer.parseInt(parts[1]) + line - i - 2);
            }
        }
        return "Snippets.java:" + line;
    }
}
