package dev.myelin.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CsvTableTest {
    @TempDir
    Path dir;

    private static final String CARS = "Price,Age,KM,FuelType,Note\n"
            + "13500,23,46986,Diesel,\"first, owner\"\n"
            + "13750,23,72937,Diesel,\"said \"\"fine\"\"\"\n"
            + "12950,24,41711,Petrol,\n";

    @Test
    void readsNumericAndCategoricalColumnsByName() throws IOException {
        Path f = dir.resolve("cars.csv");
        Files.writeString(f, CARS);
        CsvTable t = CsvTable.read(f);
        assertEquals(List.of("Price", "Age", "KM", "FuelType", "Note"), t.columns());
        assertEquals(3, t.rows());
        assertArrayEquals(new float[] {23, 23, 24}, t.numeric("Age"));
        assertTrue(t.isNumeric("KM"));
        assertFalse(t.isNumeric("FuelType"));
        assertEquals("first, owner", t.cell(0, "Note"), "a quoted field keeps its comma");
        assertEquals("said \"fine\"", t.cell(1, "Note"), "a doubled quote is one quote");
        assertEquals(List.of("Diesel", "Petrol"), t.categories("FuelType"));
        assertArrayEquals(new float[][] {{1, 0}, {1, 0}, {0, 1}}, t.oneHot("FuelType"));
        // features: Age as one column, FuelType as two one-hot columns, in the order asked for
        assertArrayEquals(new float[][] {{1, 0, 23}, {1, 0, 23}, {0, 1, 24}}, t.features("FuelType", "Age"));
        assertEquals(List.of("FuelType=Diesel", "FuelType=Petrol", "Age"), t.featureNames("FuelType", "Age"));
    }

    @Test
    void missingValuesAreReportedByLineAndColumn() throws IOException {
        CsvTable t = CsvTable.parse("a,b\n1,2\nNA,3\n4,?\n5,\n", "m.csv");
        assertEquals(List.of(new CsvTable.Missing(1, "a"), new CsvTable.Missing(2, "b"), new CsvTable.Missing(3, "b")), t.missing());
        assertEquals(3, t.missing().get(0).line(), "data row 1 is line 3 (after the header and row 0)");
        DataFileException e = assertThrows(DataFileException.class, () -> t.numeric("b"));
        assertTrue(e.getMessage().contains("m.csv, column 'b': 2 missing values (lines 4, 5)"), e.getMessage());
        assertThrows(DataFileException.class, () -> t.features("a"));
    }

    @Test
    void errorsNameTheFileLineAndColumn() throws IOException {
        assertMessage("x.csv, line 3, column 'b': \"abc\" is not a number",
                () -> CsvTable.parse("a,b\n1,2\n3,abc\n", "x.csv").numeric("b"));
        assertMessage("x.csv, line 3: 3 fields, but the header names 2 columns",
                () -> CsvTable.parse("a,b\n1,2\n3,4,5\n", "x.csv"));
        assertMessage("x.csv, line 2: a quoted field is never closed",
                () -> CsvTable.parse("a,b\n1,\"2\n", "x.csv"));
        assertMessage("x.csv, line 1: column name 'a' appears twice (columns 1 and 3)",
                () -> CsvTable.parse("a,b,a\n1,2,3\n", "x.csv"));
        assertMessage("x.csv: empty file", () -> CsvTable.parse("", "x.csv"));
        assertMessage("no column named 'c'", () -> CsvTable.parse("a,b\n1,2\n", "x.csv").numeric("c"));
        assertMessage("\"Infinity\" is not a number", () -> CsvTable.parse("a\nInfinity\n", "x.csv").numeric("a"));

        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', '\n', (byte) 0xe9, '\n'});
        assertMessage(latin1 + ": not UTF-8 text", () -> CsvTable.read(latin1));
        assertMessage(dir.resolve("none.csv") + ": no such file", () -> CsvTable.read(dir.resolve("none.csv")));
    }

    @Test
    void crlfLinesQuotedLineBreaksAndOtherDelimiters() throws IOException {
        CsvTable t = CsvTable.parse("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", "c.csv");
        assertEquals(2, t.rows());
        assertEquals("x\r\ny", t.cell(0, "b"));
        Path f = dir.resolve("semi.csv");
        Files.writeString(f, "a;b\n1,5;2\n");
        assertEquals("1,5", CsvTable.read(f, ';').cell(0, "a"));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable run) {
        Exception e = assertThrows(Exception.class, run);
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
    }
}
