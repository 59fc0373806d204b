package dev.myelin.model;

import dev.myelin.data.ImageDataset;
import dev.myelin.data.ImageDatasetOptions;
import dev.myelin.layers.Dense;
import dev.myelin.layers.GlobalAveragePooling2D;
import dev.myelin.layers.Input;
import dev.myelin.layers.Rescaling;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.optimizers.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** A user's own pictures, one folder per class, train a model through fit as Keras's image_dataset_from_directory does. */
class ImageFolderTrainingTest {
    @TempDir
    Path dir;

    @Test
    void fitTrainsOnAFolderOfPictures() throws IOException {
        // "light" pictures are mostly bright, "dark" mostly dim, with noise: 16 of each, 12 x 12 RGB PNG
        SplittableRandom r = new SplittableRandom(8);
        for (String cls : List.of("dark", "light")) {
            Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < 16; i++) {
                BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 12; x++) {
                        int v = Math.clamp((cls.equals("light") ? 170 : 80) + (int) (r.nextGaussian() * 40), 0, 255);
                        img.setRGB(x, y, (v << 16) | (v << 8) | v);
                    }
                }
                ImageIO.write(img, "png", dir.resolve(cls + "/" + i + ".png").toFile());
            }
        }
        ImageDatasetOptions opts = new ImageDatasetOptions().imageSize(8, 8).colorMode("grayscale").batchSize(8).validationSplit(0.25).seed(1);
        ImageDataset train = ImageDataset.fromDirectory(dir, opts.subset("training"));
        ImageDataset val = ImageDataset.fromDirectory(dir, opts.subset("validation"));
        // the mean brightness tells the classes apart: global average pooling, then one softmax layer
        Sequential m = new Sequential(new Input(8, 8, 1), new Rescaling(1.0 / 255), new GlobalAveragePooling2D(),
                new Dense(2).activation("softmax")).seed(2);
        m.compile(new Adam(0.1), new SparseCategoricalCrossentropy(), "accuracy");
        History h = m.fit(train, new FitOptions().epochs(15).verbose(0));
        assertEquals(15, h.epochs());
        assertEquals(24, train.size());
        // An epoch's accuracy is counted while the weights still move (Keras's running mean), so one picture of an
        // early batch may miss; a model that has not learned the brightness scores about 0.5.
        assertTrue(h.history().get("accuracy").get(14) >= 0.9, "training accuracy " + h.history().get("accuracy"));
        // the validation subset streams too: predict it batch by batch through evaluate's data path
        float[] x = new float[val.size() * 8 * 8], y = new float[val.size()];
        int at = 0;
        try (var s = val.epoch(8, false, 0)) {
            while (s.hasNext()) {
                var b = s.next();
                System.arraycopy(b.x(), 0, x, at * 64, b.size() * 64);
                System.arraycopy(b.y(), 0, y, at, b.size());
                at += b.size();
            }
        }
        var d = new dev.myelin.data.Dataset(x, val.sampleShape(), y, val.labelShape());
        var ev = m.evaluate(d, 8);
        assertTrue(ev.get("accuracy") >= 0.875, "validation accuracy on the 8 held-out pictures: " + ev);
    }
}
