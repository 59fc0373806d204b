package quickstart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelloNeuralNetworkTest {
    @Test
    void learnsTheLine() {
        // y = 2x - 1 gives 19 at x = 10. After 500 full-batch SGD steps (learning rate 0.01) on six points,
        // the weight and bias are within about 0.01 of 2 and -1 (Keras prints 18.98), so 0.1 is ample.
        assertEquals(19f, HelloNeuralNetwork.trainAndPredict(10), 0.1f);
    }
}
