package dev.myelin.layers;

import com.google.gson.JsonObject;
import dev.myelin.tensor.Ops;
import dev.myelin.tensor.Shape;
import dev.myelin.tensor.Tensor;

/**
 * Keras's {@code RandomCrop}: in training, crops a {@code height x width} window at a random place,
 * the same for the whole batch (as Keras). At inference, and in training when the images are not
 * larger than the window in both directions, it takes the largest centred window of the target's
 * aspect ratio and resizes it bilinearly to {@code height x width}.
 */
public final class RandomCrop extends RandomImageLayer {
    private final int height, width;
    private final BilinearResize resize = new BilinearResize();

    /** Crops (or resizes) to {@code height x width}. */
    public RandomCrop(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("RandomCrop size must be at least 1x1, got " + height + "x" + width);
        this.height = height;
        this.width = width;
    }

    @Override
    protected Shape computeOutputShape(Shape input) {
        super.computeOutputShape(input);
        return Shape.of(height, width, input.dim(2));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int h = x.dim(1), w = x.dim(2);
        if (training && h > height && w > width) {
            long draws = nextDraws();
            int top = (int) uniform(draws, 0, 0, h - height + 1), left = (int) uniform(draws, 1, 0, w - width + 1);
            return Ops.crop2d(x, Math.min(top, h - height), Math.min(left, w - width), height, width);
        }
        // Keras's centred window of the target's aspect ratio.
        int cropH = Math.max(Math.min(h, (int) ((double) w * height / width)), 1);
        int cropW = Math.max(Math.min(w, (int) ((double) h * width / height)), 1);
        int top = (h - cropH) / 2, left = (w - cropW) / 2;
        Tensor window = cropH == h && cropW == w ? x : Ops.crop2d(x, top, left, cropH, cropW);
        return cropH == height && cropW == width ? window : resize.apply(window, height, width);
    }

    @Override
    public JsonObject config() {
        JsonObject c = super.config();
        c.addProperty("height", height);
        c.addProperty("width", width);
        c.addProperty("data_format", "channels_last");
        return c;
    }

    static RandomCrop fromConfig(ConfigReader c) {
        return restore(new RandomCrop(c.integer("height", 1, Integer.MAX_VALUE), c.integer("width", 1, Integer.MAX_VALUE)), c);
    }

    @Override
    public void release() {
        super.release();
        resize.release();
    }
}
