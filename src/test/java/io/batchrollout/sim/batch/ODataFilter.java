package io.batchrollout.sim.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code $filter} of the Batch data plane, parsed against the properties one list accepts (see {@link BatchFilters})
 * and evaluated on the JSON the list answers with, so that a filter sees exactly what a client would read.
 *
 * <p>Grammar (OData, the part Batch documents): comparisons {@code property op literal} with eq, ne, gt, ge, lt, le;
 * {@code startswith(property, 'text')}; {@code and}, {@code or}, {@code not} and parentheses, {@code and} binding
 * tighter than {@code or}. Literals: {@code 'text'} ({@code ''} for a quote), integers, {@code datetime'...'} or a bare
 * ISO 8601 instant. Keywords are lower case, as OData writes them (the stricter reading). Anything else, a property
 * the list does not accept, or an operator the property does not allow, is a {@link Invalid}.
 */
final class ODataFilter {

    /**
     * How a property compares: ids without regard to case (Batch ids are case-insensitive), enums exactly; PRESENCE is
     * an object property that can only be compared with {@code null} (is it set or not).
     */
    enum Kind { ID, TEXT, INT, DATETIME, PRESENCE }

    /** One filterable property: its path in the entity's JSON ({@code executionInfo/poolId}) and allowed operators. */
    record Property(String path, Kind kind, Set<String> operators) {
    }

    /** Why a filter text is refused; the handler answers 400 InvalidQueryParameterValue with it. */
    static final class Invalid extends RuntimeException {
        Invalid(String reason) {
            super(reason);
        }
    }

    private sealed interface Node permits Or, And, Not, Compare {
    }

    private record Or(Node left, Node right) implements Node {
    }

    private record And(Node left, Node right) implements Node {
    }

    private record Not(Node operand) implements Node {
    }

    /** {@code startswith} is a comparison whose operator is "startswith". */
    private record Compare(Property property, String operator, Object literal) implements Node {
    }

    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

    private final Node root;

    private ODataFilter(Node root) {
        this.root = root;
    }

    static ODataFilter parse(String text, Map<String, Property> accepted) {
        if (text == null || text.isBlank()) {
            throw new Invalid("The filter is empty.");
        }
        Parser parser = new Parser(ODataTokens.of(text), accepted);
        Node root = parser.orExpression();
        if (!parser.atEnd()) {
            throw new Invalid("Unexpected '" + parser.peek().text() + "' at position " + parser.peek().at() + ".");
        }
        return new ODataFilter(root);
    }

    boolean test(JsonNode entity) {
        return eval(root, entity);
    }

    private static boolean eval(Node node, JsonNode entity) {
        if (node instanceof Or or) {
            return eval(or.left(), entity) || eval(or.right(), entity);
        }
        if (node instanceof And and) {
            return eval(and.left(), entity) && eval(and.right(), entity);
        }
        if (node instanceof Not not) {
            return !eval(not.operand(), entity);
        }
        Compare c = (Compare) node;
        return compare(c, value(entity, c.property()));
    }

    private static Object value(JsonNode entity, Property property) {
        JsonNode node = entity;
        for (String step : property.path().split("/")) {
            node = node == null ? null : node.get(step);
        }
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (property.kind()) {
            case ID, TEXT -> node.asText();
            case INT -> node.canConvertToLong() ? node.asLong() : null;
            case DATETIME -> instant(node.asText());
            case PRESENCE -> Boolean.TRUE;
        };
    }

    /** A property the entity lacks equals nothing, differs from everything and orders with nothing. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean compare(Compare c, Object actual) {
        if (c.property().kind() == Kind.PRESENCE) {
            return "eq".equals(c.operator()) == (actual == null);
        }
        if (actual == null) {
            return "ne".equals(c.operator());
        }
        Object expected = c.literal();
        if (c.property().kind() == Kind.ID) {
            actual = ((String) actual).toLowerCase(Locale.ROOT);
            expected = ((String) expected).toLowerCase(Locale.ROOT);
        }
        if ("startswith".equals(c.operator())) {
            return ((String) actual).startsWith((String) expected);
        }
        int order = ((Comparable) actual).compareTo(expected);
        return switch (c.operator()) {
            case "eq" -> order == 0;
            case "ne" -> order != 0;
            case "gt" -> order > 0;
            case "ge" -> order >= 0;
            case "lt" -> order < 0;
            default -> order <= 0;
        };
    }

    /** An instant with an offset, or without one or without a time of day (UTC, midnight): datetime'2017-02-02'. */
    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    /** Recursive descent over the tokens; precedence or < and < not < comparison. */
    private static final class Parser {
        private final List<ODataTokens.Token> tokens;
        private final Map<String, Property> accepted;
        private int next;

        Parser(List<ODataTokens.Token> tokens, Map<String, Property> accepted) {
            this.tokens = new ArrayList<>(tokens);
            this.accepted = accepted;
        }

        boolean atEnd() {
            return next == tokens.size();
        }

        ODataTokens.Token peek() {
            return tokens.get(next);
        }

        Node orExpression() {
            Node left = andExpression();
            while (word("or")) {
                left = new Or(left, andExpression());
            }
            return left;
        }

        private Node andExpression() {
            Node left = unary();
            while (word("and")) {
                left = new And(left, unary());
            }
            return left;
        }

        private Node unary() {
            if (word("not")) {
                return new Not(unary());
            }
            if (symbol("(")) {
                Node inner = orExpression();
                expectSymbol(")");
                return inner;
            }
            ODataTokens.Token first = take("a property, 'not', 'startswith' or '('");
            if (first.type() == ODataTokens.Type.WORD && first.text().equals("startswith") && symbol("(")) {
                Property property = property(take("a property"), "startswith");
                expectSymbol(",");
                Object literal = literal(property, take("a string"));
                expectSymbol(")");
                return truthOf(new Compare(property, "startswith", literal));
            }
            ODataTokens.Token operator = take("an operator after '" + first.text() + "'");
            if (operator.type() != ODataTokens.Type.WORD || !COMPARISONS.contains(operator.text())) {
                throw new Invalid("'" + operator.text() + "' at position " + operator.at() + " is not one of eq, ne, gt, ge, lt, le.");
            }
            Property property = property(first, operator.text());
            return new Compare(property, operator.text(), literal(property, take("a value")));
        }

        /** OData v3 writes a boolean function as {@code startswith(id, 'a') eq true}; v4 and Batch's examples without. */
        private Node truthOf(Node function) {
            if (!atEnd() && peek().type() == ODataTokens.Type.WORD && Set.of("eq", "ne").contains(peek().text())) {
                boolean negate = take("eq or ne").text().equals("ne");
                ODataTokens.Token value = take("true or false");
                if (!Set.of("true", "false").contains(value.text()) || value.type() != ODataTokens.Type.WORD) {
                    throw new Invalid("'" + value.text() + "' at position " + value.at() + " is not true or false.");
                }
                return negate == value.text().equals("true") ? new Not(function) : function;
            }
            return function;
        }

        private Property property(ODataTokens.Token token, String operator) {
            Property property = token.type() == ODataTokens.Type.WORD ? accepted.get(token.text()) : null;
            if (property == null) {
                throw new Invalid("'" + token.text() + "' is not a property this list can be filtered on; it accepts "
                        + String.join(", ", accepted.keySet()) + ".");
            }
            if (!property.operators().contains(operator)) {
                throw new Invalid("The property '" + property.path() + "' does not support '" + operator + "'.");
            }
            return property;
        }

        private Object literal(Property property, ODataTokens.Token token) {
            Object value = switch (property.kind()) {
                case ID, TEXT -> token.type() == ODataTokens.Type.STRING ? token.text() : null;
                case INT -> token.type() == ODataTokens.Type.WORD && INTEGER.matcher(token.text()).matches()
                        ? Long.parseLong(token.text()) : null;
                case DATETIME -> token.type() == ODataTokens.Type.DATETIME || token.type() == ODataTokens.Type.WORD
                        ? instant(token.text()) : null;
                case PRESENCE -> token.type() == ODataTokens.Type.WORD && token.text().equals("null") ? Boolean.FALSE : null;
            };
            if (value == null) {
                throw new Invalid("'" + token.text() + "' at position " + token.at() + " is not a valid "
                        + property.kind().name().toLowerCase(Locale.ROOT) + " value for '" + property.path() + "'.");
            }
            return value;
        }

        private boolean word(String keyword) {
            if (!atEnd() && peek().type() == ODataTokens.Type.WORD && peek().text().equals(keyword)) {
                next++;
                return true;
            }
            return false;
        }

        private boolean symbol(String symbol) {
            if (!atEnd() && peek().type() == ODataTokens.Type.SYMBOL && peek().text().equals(symbol)) {
                next++;
                return true;
            }
            return false;
        }

        private void expectSymbol(String symbol) {
            if (!symbol(symbol)) {
                throw new Invalid("Expected '" + symbol + "'" + (atEnd() ? " at the end." : " at position " + peek().at() + "."));
            }
        }

        private ODataTokens.Token take(String what) {
            if (atEnd()) {
                throw new Invalid("The filter ends where " + what + " was expected.");
            }
            return tokens.get(next++);
        }
    }
}
