package io.vdsweep.core.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Learning-rate schedules of the authors' code, as a function of the epoch (0-based) and the total epochs.
 * Written and parsed as short strings ({@link #describe()} / {@link #parse}) for sweep files and provenance.
 */
public sealed interface LrSchedule {

    /** The learning rate for {@code epoch} of {@code epochs}, given the base rate. */
    double rate(double base, int epoch, int epochs);

    /** The schedule as its sweep-file string. */
    String describe();

    /** {@code constant}: the base rate throughout. */
    record Constant() implements LrSchedule {
        @Override
        public double rate(double base, int epoch, int epochs) {
            return base;
        }

        @Override
        public String describe() {
            return "constant";
        }
    }

    /** {@code linear}: from the base rate linearly to 0 at the last epoch's end (LeNet-5 in the authors' code). */
    record Linear() implements LrSchedule {
        @Override
        public double rate(double base, int epoch, int epochs) {
            return base * (epochs - epoch) / epochs;
        }

        @Override
        public String describe() {
            return "linear";
        }
    }

    /** {@code constant-then-linear:D}: constant until epoch D, then linear to 0 (LeNet-300-100: D = 100 of 200). */
    record ConstantThenLinear(int decayFrom) implements LrSchedule {
        public ConstantThenLinear {
            if (decayFrom < 0) {
                throw new IllegalArgumentException("constant-then-linear: decay epoch must be >= 0, found " + decayFrom);
            }
        }

        @Override
        public double rate(double base, int epoch, int epochs) {
            if (epoch < decayFrom || epochs <= decayFrom) {
                return base;
            }
            return base * (epochs - epoch) / (epochs - decayFrom);
        }

        @Override
        public String describe() {
            return "constant-then-linear:" + decayFrom;
        }
    }

    /** {@code step:50,60,70,80x0.2}: multiplied by the factor at each milestone epoch (the PyTorch seminar). */
    record Step(List<Integer> milestones, double factor) implements LrSchedule {
        public Step {
            milestones = List.copyOf(milestones);
            if (!(factor > 0)) {
                throw new IllegalArgumentException("step: factor must be > 0, found " + factor);
            }
        }

        @Override
        public double rate(double base, int epoch, int epochs) {
            double rate = base;
            for (int milestone : milestones) {
                if (epoch >= milestone) {
                    rate *= factor;
                }
            }
            return rate;
        }

        @Override
        public String describe() {
            StringBuilder s = new StringBuilder("step:");
            for (int i = 0; i < milestones.size(); i++) {
                s.append(i == 0 ? "" : ",").append(milestones.get(i));
            }
            return s.append('x').append(factor).toString();
        }
    }

    /** Parses {@code constant}, {@code linear}, {@code constant-then-linear:D} or {@code step:E1,E2,...xF}. */
    static LrSchedule parse(String text) {
        String t = text.trim();
        try {
            if (t.equals("constant")) {
                return new Constant();
            }
            if (t.equals("linear")) {
                return new Linear();
            }
            if (t.startsWith("constant-then-linear:")) {
                return new ConstantThenLinear(Integer.parseInt(t.substring("constant-then-linear:".length())));
            }
            if (t.startsWith("step:") && t.contains("x")) {
                String body = t.substring("step:".length());
                int x = body.lastIndexOf('x');
                List<Integer> milestones = new ArrayList<>();
                for (String m : body.substring(0, x).split(",")) {
                    milestones.add(Integer.parseInt(m.trim()));
                }
                return new Step(milestones, Double.parseDouble(body.substring(x + 1)));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad learning-rate schedule '" + text + "': " + e.getMessage());
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + text
                + "', expected constant, linear, constant-then-linear:EPOCH or step:E1,E2,...xFACTOR");
    }
}
