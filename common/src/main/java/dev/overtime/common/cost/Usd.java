package dev.overtime.common.cost;

import java.math.BigDecimal;

/** US dollar amounts on the wire: plain decimal strings, exact, without trailing zeros ("0.04224", "0"). */
public final class Usd {

    private Usd() {
    }

    public static String format(BigDecimal usd) {
        return usd == null || usd.signum() == 0 ? "0" : usd.stripTrailingZeros().toPlainString();
    }
}
