package com.hotelchat.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.conversation.NewConversation;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.db.tools.Search;
import com.hotelchat.db.tools.SearchHit;
import com.hotelchat.db.tools.SearchMapper;
import com.hotelchat.db.tools.SearchQuery;
import com.hotelchat.domain.SenderType;
import com.hotelchat.protocol.Decoded;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The search statements on a few thousand messages: prefix terms through the GIN index, and no typed text failing. */
class SearchTest {

    private static final int MESSAGES = 20_000;
    private static Database database;
    private static Search search;
    private static long userId;

    @BeforeAll
    static void start() throws SQLException {
        database = Database.open(TestPostgres.freshDatabase());
        search = new Search(database);
        StaffDirectory staff = new StaffDirectory(database);
        staff.createDepartment("reception");
        userId = staff.createStaff("sam", "Sam", "department_staff", "x", List.of("reception")).orElseThrow().user().id();
        long conversation = new Conversations(database).open(new NewConversation("+15550009", "Hanna Guest", "12",
                "reception", "general"), new Sender(SenderType.STAFF, userId, "Sam"), null).conversation().id();
        database.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                // Words w0 .. w999, and the hairdryer in one message of a thousand.
                st.execute("INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content) "
                        + "SELECT " + conversation + ", 'staff', " + userId + ", 'Sam', 'w' || (i % 1000) || ' w' "
                        + "|| (i * 7 % 1000) || CASE WHEN i % 1000 = 0 THEN ' the hairdryer is broken' ELSE '' END "
                        + "FROM generate_series(1, " + MESSAGES + ") i");
                st.execute("ANALYZE messages");
                return null;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private static SearchQuery query(String q) {
        return (SearchQuery) ((Decoded.Ok<?>) SearchQuery.parse(q)).value();
    }

    @Test
    void aWordFindsTheLongerWordsItBegins() {
        List<SearchHit> hits = search.messages(userId, query("HAIR broke"), null, 20);
        assertThat(hits).hasSize(MESSAGES / 1000).allMatch(h -> h.snippet().contains("«hairdryer»"));
        assertThat(search.messages(userId, query("\"hair\""), null, 20)).isEmpty();
        assertThat(search.messages(userId, query("\"hairdryer is\""), null, 20)).hasSize(MESSAGES / 1000);
        assertThat(search.guests(userId, query("hann"), 20)).hasSize(1);
        assertThat(search.guests(userId, query("1555000"), 20)).hasSize(1);
    }

    /** "Keep the GIN index usable": the statement the node runs, explained, reads a rare prefix through it. */
    @Test
    void aPrefixQueryIsPlannedThroughTheSearchIndex() {
        assertThat(explain(query("hairdr"))).contains("messages_search");
    }

    /** Any mix of tsquery syntax, quotes and symbols either is refused by the parser or runs: never a database error. */
    @Test
    void noTypedTextMakesTheStatementsFail() {
        String alphabet = "ab w1 \"'\\-:*&|!()<>@.,;#%+~^$`{}[]/=?_éß東\u00ad\u200b\uFFFD";
        Random random = new Random(26);
        int ran = 0;
        for (int i = 0; i < 300; i++) {
            StringBuilder q = new StringBuilder();
            for (int n = 1 + random.nextInt(60); n > 0; n--) {
                q.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (SearchQuery.parse(q.toString()) instanceof Decoded.Ok<SearchQuery> ok) {
                search.messages(userId, ok.value(), null, 5);
                search.guests(userId, ok.value(), 5);
                ran++;
            }
        }
        assertThat(ran).isGreaterThan(200);
    }

    private static String explain(SearchQuery query) {
        return database.inTransaction(s -> {
            Map<String, Object> params = new HashMap<>();
            params.put("userId", userId);
            params.put("tsquery", query.tsquery());
            params.put("beforeId", null);
            params.put("limit", 20);
            BoundSql bound = s.getConfiguration().getMappedStatement(SearchMapper.class.getName() + ".messages")
                    .getBoundSql(params);
            try (PreparedStatement st = s.getConnection().prepareStatement("EXPLAIN " + bound.getSql())) {
                List<ParameterMapping> mappings = bound.getParameterMappings();
                for (int i = 0; i < mappings.size(); i++) {
                    st.setObject(i + 1, params.get(mappings.get(i).getProperty()));
                }
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
                return String.join("\n", plan);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
