package dev.myelin.examples;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HistoryJsonTest {
    @TempDir
    Path dir;

    @Test
    void recordsEpochsTestBackendAndSettings() throws IOException {
        Map<String, List<Double>> history = new LinkedHashMap<>();
        history.put("loss", List.of(0.5, 0.25));
        history.put("accuracy", List.of(0.8, 0.9));
        history.put("val_loss", List.of(0.4, 0.3));
        history.put("val_accuracy", List.of(0.85, 0.88));
        Path file = dir.resolve("history.json");
        HistoryJson.write(new HistoryJson.Run("train", Map.of("epochs", 2, "batch_size", 64), "cpu", "pure Java",
                "backend cpu (preferred)", history, List.of(12.5, 11.0), Map.of("loss", 0.31, "accuracy", 0.9812)), file);

        JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals("cpu", root.getAsJsonObject("backend").get("name").getAsString());
        assertEquals("pure Java", root.getAsJsonObject("backend").get("description").getAsString());
        assertEquals(64, root.getAsJsonObject("settings").get("batch_size").getAsInt());
        assertEquals(0.9812, root.getAsJsonObject("test").get("accuracy").getAsDouble());
        assertEquals(2, root.getAsJsonArray("epoch_seconds").size());
        JsonObject second = root.getAsJsonArray("epochs").get(1).getAsJsonObject();
        assertEquals(2, second.get("epoch").getAsInt());
        assertEquals(11.0, second.get("seconds").getAsDouble());
        assertEquals(0.88, second.get("val_accuracy").getAsDouble());
        assertEquals(0.25, root.getAsJsonObject("history").getAsJsonArray("loss").get(1).getAsDouble());
    }
}
