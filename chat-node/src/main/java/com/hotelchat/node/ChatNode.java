package com.hotelchat.node;

import com.hotelchat.bus.Bus;
import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.bus.InProcessBus;
import com.hotelchat.bus.InProcessPresence;
import com.hotelchat.bus.Presence;
import com.hotelchat.bus.RedisBus;
import com.hotelchat.bus.RedisPresence;
import com.hotelchat.bus.RedisSettings;
import com.hotelchat.bus.InProcessWindowCounters;
import com.hotelchat.bus.RedisWindowCounters;
import com.hotelchat.bus.WindowCounters;
import com.hotelchat.db.staff.TokenRevocations;
import com.hotelchat.node.http.ClientAddresses;
import com.hotelchat.db.Database;
import com.hotelchat.db.DbSettings;
import com.hotelchat.db.EmbeddedPostgresServer;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.message.ActivityLog;
import com.hotelchat.db.message.GroupCommit;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.domain.UserType;
import com.hotelchat.node.auth.AuthSecretFile;
import com.hotelchat.node.auth.Authenticator;
import com.hotelchat.node.auth.LoginThrottle;
import com.hotelchat.node.auth.PasswordHasher;
import com.hotelchat.node.auth.TokenService;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.chat.ReopenedByGuest;
import com.hotelchat.db.desk.ConversationDesk;
import com.hotelchat.node.desk.AutoAssigner;
import com.hotelchat.node.desk.DeskService;
import com.hotelchat.node.desk.DeskTimers;
import com.hotelchat.node.http.DeskApi;
import com.hotelchat.node.http.DepartmentApi;
import com.hotelchat.node.http.LabelApi;
import com.hotelchat.node.http.CannedReplyApi;
import com.hotelchat.node.http.GuestProfileApi;
import com.hotelchat.node.http.ReportApi;
import com.hotelchat.node.http.SearchApi;
import com.hotelchat.node.http.TemplateApi;
import com.hotelchat.node.http.ScheduleApi;
import com.hotelchat.db.schedule.Schedule;
import com.hotelchat.node.schedule.ScheduledSender;
import com.hotelchat.db.journey.Journeys;
import com.hotelchat.node.http.JourneyApi;
import com.hotelchat.node.journey.JourneyPlanner;
import com.hotelchat.db.template.Templates;
import com.hotelchat.node.template.TemplateFilling;
import com.hotelchat.node.template.TemplateImport;
import com.hotelchat.node.template.TemplateSender;
import com.hotelchat.db.tools.Labels;
import com.hotelchat.db.tools.CannedReplies;
import com.hotelchat.db.tools.GuestProfiles;
import com.hotelchat.db.tools.Search;
import com.hotelchat.db.report.DeskReports;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.node.chat.MissedEventsRepair;
import com.hotelchat.node.chat.PresenceReconciler;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.chat.SessionLifecycle;
import com.hotelchat.node.chat.StoredMessages;
import com.hotelchat.node.config.MediaConfig;
import com.hotelchat.node.config.NodeConfig;
import com.hotelchat.db.media.MediaRecords;
import com.hotelchat.db.media.MediaStore;
import com.hotelchat.db.media.PostgresMediaStore;
import com.hotelchat.node.media.MediaAccess;
import com.hotelchat.node.media.MediaCleanup;
import com.hotelchat.node.media.MediaHttpHandler;
import com.hotelchat.node.media.MediaLinks;
import com.hotelchat.node.media.MediaService;
import com.hotelchat.node.media.UploadThrottle;
import com.hotelchat.node.auth.ClusterCounters;
import com.hotelchat.node.media.S3MediaStore;
import com.hotelchat.node.fanout.LocalHub;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.SendQueues;
import com.hotelchat.node.tracing.CommandSpans;
import com.hotelchat.node.tracing.NodeTelemetry;
import com.hotelchat.node.http.AdminApi;
import com.hotelchat.node.http.ApiResponse;
import com.hotelchat.node.metrics.CachedValue;
import com.hotelchat.node.metrics.NodeMetrics;
import com.hotelchat.node.http.AuthApi;
import com.hotelchat.node.http.ConversationApi;
import com.hotelchat.node.http.HealthApi;
import com.hotelchat.node.http.RestHandler;
import com.hotelchat.node.http.PresenceApi;
import com.hotelchat.node.http.Route;
import com.hotelchat.node.http.StaticFiles;
import com.hotelchat.node.ws.ChatServer;
import com.hotelchat.node.ws.Endpoints;
import com.hotelchat.node.ws.GuestSocket;
import com.hotelchat.node.ws.StaffSocket;
import com.hotelchat.db.whatsapp.WhatsAppStore;
import com.hotelchat.node.chat.GuestChat;
import com.hotelchat.node.whatsapp.CloudApiClient;
import com.hotelchat.node.whatsapp.InboxProcessor;
import com.hotelchat.node.whatsapp.OutboxSender;
import com.hotelchat.node.whatsapp.WhatsAppWebhook;
import com.hotelchat.node.whatsapp.WhatsAppWorker;
import com.hotelchat.protocol.JsonCodec;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** A running chat node: everything wired together from a {@link NodeConfig}, and stopped in reverse order. */
public final class ChatNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatNode.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final NodeConfig config;
    private final NodeTelemetry telemetry;
    private ChatServer server;
    private LocalHub hub;
    private SessionLifecycle lifecycle;
    /** Null unless the node runs its own PostgreSQL (no {@code CHAT_DB_URL}). */
    private EmbeddedPostgresServer embeddedPostgres;

    private ChatNode(NodeConfig config, NodeTelemetry telemetry) {
        this.config = config;
        this.telemetry = telemetry;
    }

    /** Traces as the configuration says ({@code OTEL_*}): off, or an SDK the node owns and flushes when it stops. */
    public static ChatNode start(NodeConfig config) {
        routeJulToSlf4j(); // the SDK logs through java.util.logging too
        return start(config, NodeTelemetry.from(config));
    }

    /** Traces into {@code openTelemetry}, which the caller made and closes (tests: an in-memory exporter). */
    public static ChatNode start(NodeConfig config, OpenTelemetry openTelemetry) {
        return start(config, NodeTelemetry.with(openTelemetry));
    }

    private static ChatNode start(NodeConfig config, NodeTelemetry telemetry) {
        routeJulToSlf4j();
        ChatNode node = new ChatNode(config, telemetry);
        try {
            node.wire();
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Tyrus and Grizzly log through java.util.logging; send it to the same place as ours. */
    private static synchronized void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private void wire() {
        log.info("starting node {}", config);
        resources.add(telemetry); // closed last: spans of the drain are flushed too
        Database database = Database.open(databaseSettings(), telemetry.jdbc());
        resources.add(database);
        String secret = config.authSecret() != null ? config.authSecret() : AuthSecretFile.loadOrCreate(config.dataDir());
        Bus bus;
        Presence presence;
        WindowCounters localCounters = new InProcessWindowCounters();
        WindowCounters sharedCounters = localCounters;
        if (config.singleNode()) {
            bus = new InProcessBus();
            presence = new InProcessPresence();
        } else {
            RedisSettings redis = new RedisSettings(config.redisUrl(), config.redisChannelPrefix(), config.nodeId(),
                    config.busProbeInterval());
            bus = new RedisBus(redis, telemetry.bus());
            presence = new RedisPresence(redis, config.presenceHeartbeatTtl(), Duration.ofSeconds(3));
            sharedCounters = new RedisWindowCounters(redis);
        }
        resources.add(bus);
        resources.add(presence);
        resources.add(sharedCounters);

        NodeMetrics metrics = new NodeMetrics(config.nodeId());
        resources.add(metrics);
        JsonCodec codec = new JsonCodec();
        MediaLinks mediaLinks = new MediaLinks(secret, config.media().urlTtl(), Clock.systemUTC());
        EventFactory events = new EventFactory(codec, mediaLinks);
        MediaStore mediaStore = mediaStore(database);
        MediaRecords mediaRecords = new MediaRecords(database);
        MediaService media = new MediaService(mediaStore, mediaRecords);
        resources.add(new MediaCleanup(mediaRecords, media, config.media().unusedTtl(), Clock.systemUTC(),
                cleanupInterval(config.media().unusedTtl())));
        StaffDirectory staff = new StaffDirectory(database);
        Conversations conversations = new Conversations(database);
        MessageStore messages = new MessageStore(database);
        PasswordHasher passwords = new PasswordHasher(config.passwordHashIterations());
        TokenService tokens = new TokenService(secret, config.tokenTtl(), Clock.systemUTC());
        TokenRevocations revocations = new TokenRevocations(database);
        Authenticator authenticator = new Authenticator(tokens, staff, revocations);
        StoredMessages stored = new StoredMessages(messages, conversations, events);
        hub = new LocalHub(bus, stored, metrics);
        ChatEvents publish = new ChatEvents(bus, events);
        ReopenedByGuest reopened = new ReopenedByGuest(new ActivityLog(database), publish);
        Labels labelSet = new Labels(database);
        ConversationDesk desk = new ConversationDesk(database);
        DeskService deskService = new DeskService(desk, publish, Clock.systemUTC());
        AutoAssigner autoAssign = new AutoAssigner(desk, presence, publish);
        WhatsAppStore whatsAppStore = new WhatsAppStore(database);
        CloudApiClient cloudApi = config.whatsappSendingEnabled()
                ? new CloudApiClient(config.whatsappApiUrl(), config.whatsappAccessToken(), config.whatsappPhoneNumberId(),
                        codec.mapper(), Duration.ofSeconds(10))
                : null;
        OutboxSender outbox = cloudApi != null
                ? new OutboxSender(whatsAppStore, cloudApi, publish, mediaRecords, media, codec.mapper())
                : null;
        WhatsAppWorker whatsApp = new WhatsAppWorker(
                new InboxProcessor(whatsAppStore, publish, reopened, config.defaultDepartment(), codec.mapper(),
                        autoAssign, cloudApi, media, mediaRecords),
                outbox);
        resources.add(whatsApp);
        GroupCommit appends = new GroupCommit(messages, config.dbCommitters(), 200, config.appendQueueLimit(),
                config.dbCommitLinger(), config.dbFailoverWait(), metrics.commits(), telemetry.tracer());
        CommandSpans spans = telemetry.commands();
        resources.add(appends);
        ChatService chat = new ChatService(conversations, messages, publish, events, hub, stored, whatsApp, appends,
                deskService, spans);
        GuestChat guestChat = new GuestChat(conversations, appends, publish, events, hub, stored, autoAssign, reopened,
                spans);
        resources.add(new DeskTimers(desk, publish, config.deskTick()));
        WhatsAppWebhook webhook = new WhatsAppWebhook(config.whatsappAppSecret(), config.whatsappVerifyToken(),
                whatsAppStore, whatsApp::soon);
        lifecycle = new SessionLifecycle(hub, presence, publish, staff, authenticator);

        registerGauges(metrics, database, bus, stored, whatsAppStore, outbox);
        metrics.gauge("chat_db_appends_waiting", "Message appends queued for the group commit (refused beyond "
                + "CHAT_APPEND_QUEUE_LIMIT)", appends::waiting);
        metrics.counter("chat_auto_assign_failures", "Auto-assignments that failed with an error", autoAssign::failures);
        bootstrap(staff, passwords);
        presence.onUserGone(lifecycle::userGone);
        presence.onUserBack(lifecycle::userBack);
        MissedEventsRepair repair = new MissedEventsRepair(hub, conversations, messages, desk, events, stored, metrics,
                config.repairInterval(), Clock.systemUTC());
        resources.add(repair);
        PresenceReconciler presenceReconciler = new PresenceReconciler(hub, staff, presence, events,
                config.busProbeInterval().multipliedBy(2).plusSeconds(1));
        resources.add(presenceReconciler);
        hub.observe(presenceReconciler);
        // What the bus may have dropped while this node was cut off: messages (feeds), conversation changes,
        // presence, account changes and revocations, each repaired from the source of truth.
        bus.onResync(lostSince -> {
            if (presence instanceof RedisPresence redisPresence) {
                redisPresence.reassert();
            }
            hub.catchUpAll();
            repair.repairSince(lostSince);
            presenceReconciler.reconcileSoon();
            lifecycle.recheckAccounts();
        });
        bus.subscribe(Group.NODES, envelope -> {
            if (envelope.kind() == Envelope.Kind.STAFF_CHANGED) {
                lifecycle.accountChanged(envelope.originUser());
            }
        });

        ClusterCounters limits = new ClusterCounters(sharedCounters, localCounters);
        LoginThrottle throttle = new LoginThrottle(limits, config.loginMaxFailures(),
                config.loginMaxFailuresPerAddress(), Duration.ofMinutes(15));
        AuthApi auth = new AuthApi(staff, passwords, tokens, throttle, revocations, publish, Clock.systemUTC());
        AdminApi admin = new AdminApi(staff, passwords, publish, Clock.systemUTC());
        ConversationApi conversationApi = new ConversationApi(conversations, messages, chat, publish, events, tokens,
                config.publicUrl(), autoAssign, labelSet);
        DeskApi deskApi = new DeskApi(deskService, desk, events);
        DepartmentApi departmentApi = new DepartmentApi(staff, presence);
        LabelApi labelApi = new LabelApi(labelSet, publish);
        CannedReplyApi cannedApi = new CannedReplyApi(new CannedReplies(database), conversations);
        GuestProfiles guestProfiles = new GuestProfiles(database);
        GuestProfileApi guestApi = new GuestProfileApi(conversations, guestProfiles, publish);
        Templates templateSet = new Templates(database);
        TemplateSender templateSender = new TemplateSender(templateSet, conversations, messages, guestProfiles, publish,
                whatsApp, new TemplateFilling(codec.mapper()));
        Schedule schedule = new Schedule(database);
        resources.add(new ScheduledSender(schedule, conversations, templateSender, publish, whatsApp,
                config.scheduleTick()));
        Journeys journeys = new Journeys(database);
        resources.add(new JourneyPlanner(journeys, templateSender, publish, config.hotelTimeZone(), Clock.systemUTC(),
                config.scheduleTick().multipliedBy(10)));
        JourneyApi journeyApi = new JourneyApi(journeys, templateSender, staff);
        ScheduleApi scheduleApi = new ScheduleApi(schedule, conversations, templateSender, publish, Clock.systemUTC());
        TemplateApi templateApi = new TemplateApi(templateSet, new TemplateImport(templateImportClient(cloudApi, codec),
                config.whatsappBusinessAccountId(), templateSet), templateSender, conversations, events);
        SearchApi searchApi = new SearchApi(new Search(database));
        HealthApi health = new HealthApi(config.nodeId(), database, bus, accepting::get);
        List<Route> routes = List.of(
                Route.open("GET", "/healthz", health::live),
                Route.open("GET", "/readyz", health::ready),
                Route.open("GET", "/metrics", request -> ApiResponse.text(200, metrics.scrape())),
                Route.open("POST", "/auth/login/?", auth::login),
                Route.staff("POST", "/auth/logout/?", auth::logout),
                Route.staff("POST", "/auth/password/?", auth::changePassword),
                Route.admin("POST", "/admin/departments/?", admin::createDepartment),
                Route.admin("GET", "/admin/departments/?", admin::listDepartments),
                Route.admin("POST", "/admin/staff/?", admin::createStaff),
                Route.admin("GET", "/admin/staff/?", admin::listStaff),
                Route.admin("PATCH", "/admin/staff/([^/]+)/?", admin::updateStaff),
                Route.staff("POST", "/chat/conversations/create/?", conversationApi::create),
                Route.staff("POST", "/chat/conversations/close/?", conversationApi::close),
                Route.staff("GET", "/chat/conversations/?", conversationApi::list),
                Route.staff("GET", "/chat/conversations/([^/]+)/messages/?", conversationApi::history),
                Route.staff("POST", "/chat/conversations/([^/]+)/assign/?", deskApi::assign),
                Route.staff("POST", "/chat/conversations/([^/]+)/status/?", deskApi::status),
                Route.staff("POST", "/chat/conversations/([^/]+)/transfer/?", deskApi::transfer),
                Route.admin("GET", "/admin/departments/([^/]+)/settings/?", deskApi::departmentSettings),
                Route.admin("PATCH", "/admin/departments/([^/]+)/settings/?", deskApi::updateDepartmentSettings),
                Route.staff("POST", "/chat/guest-tokens/?", conversationApi::guestToken),
                Route.staff("GET", "/chat/presence/?", new PresenceApi(staff, presence)::online),
                Route.staff("GET", "/chat/departments/?", departmentApi::departments),
                Route.staff("GET", "/chat/labels/?", labelApi::list),
                Route.admin("POST", "/admin/labels/?", labelApi::create),
                Route.admin("PATCH", "/admin/labels/([^/]+)/?", labelApi::update),
                Route.admin("DELETE", "/admin/labels/([^/]+)/?", labelApi::delete),
                Route.staff("POST", "/chat/conversations/([^/]+)/labels/?", labelApi::attach),
                Route.staff("DELETE", "/chat/conversations/([^/]+)/labels/([^/]+)/?", labelApi::detach),
                Route.staff("GET", "/chat/canned-replies/?", cannedApi::list),
                Route.staff("POST", "/chat/canned-replies/?", cannedApi::create),
                Route.staff("PATCH", "/chat/canned-replies/([^/]+)/?", cannedApi::update),
                Route.staff("DELETE", "/chat/canned-replies/([^/]+)/?", cannedApi::delete),
                Route.staff("GET", "/chat/conversations/([^/]+)/canned-replies/([^/]+)/?", cannedApi::render),
                Route.staff("GET", "/chat/conversations/([^/]+)/guest/?", guestApi::get),
                Route.staff("PATCH", "/chat/conversations/([^/]+)/guest/?", guestApi::update),
                Route.staff("GET", "/chat/search/?", searchApi::search),
                Route.staff("GET", "/chat/reports/?", new ReportApi(new DeskReports(database), staff)::report),
                Route.staff("GET", "/chat/departments/([^/]+)/members/?", departmentApi::members),
                Route.admin("GET", "/admin/templates/?", templateApi::list),
                Route.admin("POST", "/admin/templates/?", templateApi::create),
                Route.admin("POST", "/admin/templates/import/?", templateApi::importFromWhatsApp),
                Route.admin("PATCH", "/admin/templates/([^/]+)/?", templateApi::update),
                Route.admin("DELETE", "/admin/templates/([^/]+)/?", templateApi::delete),
                Route.staff("GET", "/chat/conversations/([^/]+)/templates/?", templateApi::forConversation),
                Route.staff("POST", "/chat/conversations/([^/]+)/templates/?", templateApi::send),
                Route.staff("POST", "/chat/conversations/([^/]+)/scheduled/?", scheduleApi::create),
                Route.admin("GET", "/admin/journeys/?", journeyApi::list),
                Route.admin("POST", "/admin/journeys/?", journeyApi::create),
                Route.admin("PATCH", "/admin/journeys/([^/]+)/?", journeyApi::update),
                Route.admin("DELETE", "/admin/journeys/([^/]+)/?", journeyApi::delete),
                Route.staff("GET", "/chat/conversations/([^/]+)/scheduled/?", scheduleApi::ofConversation),
                Route.staff("GET", "/chat/scheduled/?", scheduleApi::ofDepartments),
                Route.staff("PATCH", "/chat/scheduled/([^/]+)/?", scheduleApi::update),
                Route.staff("DELETE", "/chat/scheduled/([^/]+)/?", scheduleApi::cancel),
                Route.open("GET", "/webhooks/whatsapp/?", webhook::verify),
                Route.open("POST", "/webhooks/whatsapp/?", webhook::receive));
        MediaHttpHandler mediaHttp = new MediaHttpHandler(media, mediaRecords, mediaLinks,
                new MediaAccess(authenticator, tokens, conversations, mediaRecords),
                new UploadThrottle(limits, config.media().maxUploadsPerHour()), codec);
        RestHandler rest = new RestHandler(routes, authenticator, codec, new StaticFiles(),
                new ClientAddresses(config.trustedProxies()), mediaHttp);

        StaffSocket.Deps staffDeps = new StaffSocket.Deps(config.nodeId(), codec, events, chat, lifecycle,
                config.wsMaxCommandsPerSecond(), config.wsSendQueueLimit(), metrics);
        GuestSocket.Deps guestDeps = new GuestSocket.Deps(config.nodeId(), codec, events, guestChat,
                config.wsMaxCommandsPerSecond(), config.wsSendQueueLimit(), metrics);
        server = ChatServer.start(config.port(), rest, List.of(
                Endpoints.staff(staffDeps, authenticator, config.allowedOrigins(), accepting::get),
                Endpoints.guest(guestDeps, tokens, conversations, accepting::get)));
        resources.add(server);
        accepting.set(true);
        log.info("node {} listening on port {}", config.nodeId(), server.port());
    }

    private void registerGauges(NodeMetrics metrics, Database database, Bus bus, StoredMessages stored,
                                WhatsAppStore whatsAppStore, OutboxSender outbox) {
        metrics.gauge("chat_sessions", "Open WebSocket sessions on this node", hub::sessionCount);
        metrics.gauge("chat_ready", "1 while the node takes new connections (/readyz 200), 0 while starting or draining",
                () -> accepting.get() ? 1 : 0);
        metrics.gauge("chat_send_queue_frames", "Frames queued for this node's sockets, all sessions together",
                () -> SendQueues.total(hub.sessions()));
        metrics.gauge("chat_send_queue_frames_max", "Frames queued for the most backed-up socket (closed with 1013 "
                + "beyond CHAT_WS_SEND_QUEUE_LIMIT)", () -> SendQueues.largest(hub.sessions()));
        metrics.gauge("chat_groups", "Groups this node is subscribed to", hub::groupCount);
        metrics.counter("chat_sessions_raw_frames", "Sessions opened whose frames are written as shared bytes",
                com.hotelchat.node.ws.FrameWriter::rawSessions);
        metrics.counter("chat_sessions_standard_frames", "Sessions opened that fell back to per-session encoding",
                com.hotelchat.node.ws.FrameWriter::standardSessions);
        metrics.counter("chat_sessions_moved_off_http_codec", "WebSocket connections moved off the HTTP codec after their upgrade",
                com.hotelchat.node.ws.WebSocketChain::moved);
        metrics.gauge("chat_bus_up", "1 when the bus moves events between nodes", () -> bus.status().up() ? 1 : 0);
        metrics.gauge("chat_db_connections_active", "Database connections in use", database::activeConnections);
        metrics.gauge("chat_db_connections_max", "Database connections the pool may open (CHAT_DB_POOL_SIZE)",
                database::maxConnections);
        metrics.gauge("chat_db_connections_pending", "Threads waiting for a database connection (every one in use)",
                database::threadsAwaitingConnection);
        metrics.counter("chat_gap_fill_messages", "Messages delivered from the database (replays, gap fills)",
                stored::filled);
        CachedValue backlog = new CachedValue(Duration.ofSeconds(5), whatsAppStore::outboxBacklog);
        metrics.gauge("chat_whatsapp_outbox_backlog", "WhatsApp messages waiting to be sent", backlog::get);
        if (outbox != null) {
            metrics.counter("chat_whatsapp_sent", "WhatsApp messages sent", outbox.sent::get);
            metrics.counter("chat_whatsapp_send_failures", "WhatsApp send attempts that failed", outbox.failures::get);
        }
        if (bus instanceof RedisBus redisBus) {
            var c = redisBus.counters();
            metrics.counter("chat_bus_published", "Envelopes published to Redis", c.published::get);
            metrics.counter("chat_bus_publish_failures", "Publishes Redis refused (kept and retried)", c.publishFailures::get);
            metrics.counter("chat_bus_republished", "Refused publishes sent again", c.republished::get);
            metrics.counter("chat_bus_received", "Envelopes received from other nodes", c.received::get);
            metrics.counter("chat_bus_resyncs", "Re-subscribe and gap fill rounds (reconnects, repairs)", c.resyncs::get);
            metrics.counter("chat_bus_silent_loss_detected", "Subscriptions found broken by the probe",
                    c.silentLossDetected::get);
            metrics.counter("chat_bus_probe_failures", "Bus probes (publish-to-receive checks) Redis did not take: "
                    + "timed out or refused", c.probeFailures::get);
        }
    }

    /**
     * The client that lists the business account's templates: the sending one, or (with an access token and the
     * business account's id but no phone number id) one of its own; null when import is not configured.
     */
    private CloudApiClient templateImportClient(CloudApiClient sending, JsonCodec codec) {
        if (!config.whatsappTemplateImportEnabled()) {
            return null;
        }
        return sending != null ? sending : new CloudApiClient(config.whatsappApiUrl(), config.whatsappAccessToken(),
                config.whatsappPhoneNumberId(), codec.mapper(), Duration.ofSeconds(10));
    }

    /** PostgreSQL unless {@code CHAT_MEDIA_STORE=s3}. */
    private MediaStore mediaStore(Database database) {
        if (!MediaConfig.S3.equals(config.media().store())) {
            return new PostgresMediaStore(database);
        }
        S3MediaStore s3 = new S3MediaStore(config.media());
        resources.add(s3);
        return s3;
    }

    /** Unused uploads are looked for a few times per their lifetime, at least every ten minutes. */
    private static Duration cleanupInterval(Duration unusedTtl) {
        Duration quarter = unusedTtl.dividedBy(4);
        Duration tenMinutes = Duration.ofMinutes(10);
        return quarter.compareTo(tenMinutes) > 0 ? tenMinutes : quarter.compareTo(Duration.ofSeconds(2)) < 0
                ? Duration.ofSeconds(2) : quarter;
    }

    private DbSettings databaseSettings() {
        if (!config.embeddedDatabase()) {
            return new DbSettings(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(),
                    config.dbFailoverWait());
        }
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
        resources.add(postgres);
        embeddedPostgres = postgres;
        log.info("embedded PostgreSQL on port {} with data in {}", postgres.port(), config.dataDir().resolve("postgres"));
        return new DbSettings(postgres.jdbcUrl("postgres"), "postgres", "postgres", config.dbPoolSize(),
                config.dbFailoverWait());
    }

    /** Creates the bootstrap admin and the default department once; later starts change nothing. */
    private void bootstrap(StaffDirectory staff, PasswordHasher passwords) {
        staff.createDepartment(config.defaultDepartment())
                .ifPresent(d -> log.info("created default department {}", d.name()));
        if (config.adminUsername() != null && staff.findByUsername(config.adminUsername()).isEmpty()) {
            staff.createStaff(config.adminUsername(), "Administrator", UserType.ADMIN,
                    passwords.hash(config.adminPassword()), List.of());
            log.info("created bootstrap admin {}", config.adminUsername());
        }
    }

    /**
     * On SIGTERM (Kubernetes, systemd, Ctrl-C) the node drains ({@link #drainAndClose}); an embedded database is
     * stopped at the end of that, not by its own hook at the same time as the drain.
     */
    public void stopOnShutdown(Duration grace) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drainAndClose(grace), "shutdown"));
        if (embeddedPostgres != null) {
            embeddedPostgres.stopWithOwner();
        }
    }

    /**
     * Graceful stop: turn unready and refuse new sockets, give the load balancer {@code grace} to notice, hand every
     * session over (presence kept for the reconnect, socket closed with 1012), let in-flight work finish, stop.
     */
    public void drainAndClose(Duration grace) {
        accepting.set(false);
        log.info("draining node {}: unready, {} sessions to hand over after {}", config.nodeId(), sessionCount(), grace);
        sleep(grace);
        if (hub != null && lifecycle != null) {
            for (ClientSession session : hub.sessions()) {
                try {
                    lifecycle.handOver(session, config.presenceHandOver());
                } catch (RuntimeException e) {
                    log.warn("hand-over failed {}", session, e);
                }
            }
        }
        sleep(Duration.ofMillis(500));
        close();
        log.info("node {} stopped", config.nodeId());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return server.port();
    }

    public String nodeId() {
        return config.nodeId();
    }

    public int sessionCount() {
        return hub == null ? 0 : hub.sessionCount();
    }

    @Override
    public void close() {
        accepting.set(false);
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping {}", resources.get(i).getClass().getSimpleName(), e);
            }
        }
        resources.clear();
    }
}
