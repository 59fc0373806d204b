package dev.myelin.callbacks;

import java.math.BigDecimal;
import java.math.MathContext;

/** Floats written as Python writes them, so file names and CSV logs read as Keras's do. */
final class PythonFloat {
    private PythonFloat() {}

    /** Python's {@code repr(float)}: the shortest digits that read back exactly, in fixed or exponent form. */
    static String repr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1; // of the leading digit
        if (exponent < -4 || exponent >= 16) {
            String digits = shortest.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = shortest.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** Python's {@code format(d, ".{precision}g")}. */
    static String general(double d, int precision) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        int p = Math.max(precision, 1);
        if (d == 0) return "0";
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(p));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= p) {
            BigDecimal mant = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mant.toPlainString();
            return m + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = rounded.stripTrailingZeros().toPlainString();
        return plain;
    }
}
