package dev.myelin.examples;

import dev.myelin.data.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CarPricesTest {
    @TempDir
    Path dir;

    @Test
    void theCsvHoldsTheSevenColumnsAndFollowsTheFormula() throws IOException {
        Path csv = dir.resolve("cars.csv");
        CarPrices.writeCsv(csv, 1000, 3);
        CsvTable t = CsvTable.read(csv);
        assertEquals(List.of("Price", "Age", "KM", "Weight", "HP", "MetColor", "CC", "Doors"), t.columns());
        assertEquals(1000, t.rows());
        assertTrue(t.missing().isEmpty());
        float[] price = t.numeric("Price"), age = t.numeric("Age"), km = t.numeric("KM"), weight = t.numeric("Weight"),
                hp = t.numeric("HP"), met = t.numeric("MetColor"), doors = t.numeric("Doors");
        // The residuals of the formula written out again here are the noise: mean ~0, standard deviation ~600.
        double sum = 0, sum2 = 0;
        for (int i = 0; i < price.length; i++) {
            double expected = 18000 * Math.exp(-age[i] / 60.0) + 6000 - 0.02 * km[i] + 10 * (weight[i] - 1100) + 30 * (hp[i] - 100)
                    + 200 * met[i] + 60 * (doors[i] - 4);
            double e = price[i] - expected;
            sum += e;
            sum2 += e * e;
            assertTrue(age[i] >= 1 && age[i] <= 80 && doors[i] >= 2 && doors[i] <= 5, "row " + i);
        }
        double mean = sum / price.length, std = Math.sqrt(sum2 / price.length - mean * mean);
        assertEquals(0, mean, 60, "noise mean (3 standard errors of 600 / sqrt(1000) = 19, and rounding)");
        assertEquals(600, std, 60, "noise standard deviation (the sample std of 1000 normals is within 10% far beyond 3 sigma)");
    }

    @Test
    void predictsPricesCloseToTheNoiseFloor() throws IOException {
        Path csv = dir.resolve("cars.csv");
        CarPrices.writeCsv(csv, CarPrices.CARS, 1);
        CarPrices.Result r = CarPrices.train(csv, 1, CarPrices.EPOCHS, 0, new PrintStream(new ByteArrayOutputStream()));
        double floor = CarPrices.NOISE * Math.sqrt(2 / Math.PI); // 479 euros: the MAE of the noise itself
        assertTrue(r.meanGuessMae() > 3000, "prices vary: guessing the mean misses by " + r.meanGuessMae());
        // Within 40% of the noise floor: the network has found the formula's shape (a linear fit misses the
        // exponential depreciation and lands well above this).
        assertTrue(r.testMae() < 1.4 * floor, "test MAE " + r.testMae() + " against a floor of " + floor);
    }
}
