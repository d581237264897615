package vn.tipline.police;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.tipline.account.AuditLog;
import vn.tipline.account.Officer;
import vn.tipline.conversation.Folding;
import vn.tipline.tip.Tip;
import vn.tipline.tip.TipService;
import vn.tipline.tip.VisibleText;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Administrators' and officers' API of the police feature: units and their contact details
 * (list, edit, CSV/JSON import), relay threads (read, answer, close), re-routing a tip, and
 * the gazetteer search. Roles for /api/admin/** are configured centrally; scope is checked here
 * with the officer's own rule ({@link Officer#covers}, the one that scopes tips): a unit's
 * threads, and a tip to re-route, outside the caller's scope answer 404 exactly like ones that
 * do not exist. Every relay action, re-route and unit edit is audited (never a message's text).
 * No response carries a chat id or a reporter key.
 */
@RestController
@RequestMapping("/api/admin")
@Tag(name = "Ward police (admin)", description = "Police units, contact import, relay threads, tip routing")
class PoliceAdminController {

    private static final int MAX_IMPORT_BYTES = 5 * 1024 * 1024;
    private static final int MAX_PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PoliceUnits units;
    private final Gazetteer gazetteer;
    private final RelayService relay;
    private final TipService tips;
    private final AuditLog audit;

    PoliceAdminController(PoliceUnits units, Gazetteer gazetteer, RelayService relay, TipService tips, AuditLog audit) {
        this.units = units;
        this.gazetteer = gazetteer;
        this.relay = relay;
        this.tips = tips;
        this.audit = audit;
    }

    // ---------------------------------------------------------------- views

    record UnitView(String code, String kind, String name, Integer communeCode, String communeName, int provinceCode,
                    String provinceName, String address, List<String> phones, String hours, Double latitude,
                    Double longitude, String telegramChatId, String zaloGroupId, boolean hasContacts, boolean retired,
                    Instant contactsUpdatedAt, String contactsUpdatedBy) {

        static UnitView of(PoliceUnit u) {
            return new UnitView(u.code(), u.kind().name(), u.name(), u.communeCode(), u.communeName(), u.provinceCode(),
                    u.provinceName(), u.address(), u.phones(), u.hours(), u.latitude(), u.longitude(), u.telegramChatId(),
                    u.zaloGroupId(), u.hasContacts(), u.retired(), u.contactsUpdatedAt(), u.contactsUpdatedBy());
        }
    }

    record UnitPage(int total, int page, int size, List<UnitView> units) {
    }

    @Schema(name = "UnitsSummary")
    record Summary(String gazetteerVersion, int provinces, int communes, long communesWithCommunePolice,
                   long communePoliceUnits, long provincialPoliceUnits, long unitsWithContacts, long unitsWithCoordinates) {
    }

    record ImportReport(boolean applied, boolean dryRun, int rows, int changed) {
    }

    record MessageView(String from, String text, Instant at, String by, Boolean delivered, Boolean urgent) {
    }

    /** A thread as officers see it: its code, the contact the citizen chose to give, the messages. */
    record ThreadView(String code, String unit, String unitName, String status, boolean anonymous, String contact,
                      String language, Instant createdAt, Instant updatedAt, Instant closedAt, String closedBy,
                      List<MessageView> messages) {

        static ThreadView of(RelayThread t) {
            // Citizens' text with control and bidi characters shown as markers, as on the tip pages.
            return new ThreadView(t.code(), t.unit(), t.unitName(), t.status().name(), t.anonymous(), VisibleText.of(t.contact()),
                    t.language(), t.createdAt(), t.updatedAt(), t.closedAt(), t.closedBy(),
                    t.messages().stream().map(m -> new MessageView(m.from().name(), VisibleText.of(m.text()), m.at(), m.by(), m.delivered(),
                            m.urgent())).toList());
        }
    }

    record Answer(String text) {
    }

    record AnswerResult(String thread, boolean delivered, String note) {
    }

    record RouteRequest(String unit, String reason) {
    }

    /** {@code unit} null: the national queue. */
    record RouteView(String tip, String unit, String province, String routing, List<Tip.Reroute> history) {
    }

    record SearchView(String outcome, String problem, String matched, String matchedKind, String province,
                      List<Map<String, Object>> candidates, List<Map<String, Object>> provinces) {
    }

    // ---------------------------------------------------------------- units

    @GetMapping("/units")
    @Operation(summary = "Police units, by code; filter by province, by name, or those without contact details")
    UnitPage list(@RequestParam(required = false) Integer province, @RequestParam(required = false) String q,
                  @RequestParam(defaultValue = "false") boolean withoutContacts,
                  @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE) {
            throw new IllegalArgumentException("page must be 0 or more and size between 1 and " + MAX_PAGE);
        }
        List<PoliceUnit> all = units.list(province, q, withoutContacts);
        int from = Math.min(all.size(), page * size);
        return new UnitPage(all.size(), page, size,
                all.subList(from, Math.min(all.size(), from + size)).stream().map(UnitView::of).toList());
    }

    @GetMapping("/units/summary")
    @Operation(summary = "Counts: provinces, communes, police units, units with contact details and coordinates")
    Summary summary() {
        GazetteerIndex index = gazetteer.index();
        List<PoliceUnit> all = units.list(null, null, false).stream().filter(u -> !u.retired()).toList();
        return new Summary(gazetteer.version(), index.provinceCount(), index.communeCount(), index.communePoliceCount(),
                all.stream().filter(u -> u.kind() == PoliceUnit.Kind.COMMUNE).count(),
                all.stream().filter(u -> u.kind() == PoliceUnit.Kind.PROVINCE).count(),
                all.stream().filter(PoliceUnit::hasContacts).count(),
                all.stream().filter(PoliceUnit::hasCoordinates).count());
    }

    @GetMapping("/units/{code}")
    @Operation(summary = "One police unit")
    UnitView unit(@PathVariable String code) {
        return UnitView.of(existing(code));
    }

    @PatchMapping(path = "/units/{code}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Edit a unit's contact details: the keys given are set (null or \"\" clears one)")
    ResponseEntity<?> edit(@Parameter(hidden = true) Officer officer, @PathVariable String code,
                           @RequestBody byte[] body) {
        PoliceUnit unit = existing(code);
        JsonNode json;
        try {
            json = JSON.readTree(utf8(body));
        } catch (JsonProcessingException e) {
            return invalid(List.of(new UnitImport.Problem(0, unit.code(), null, "not valid JSON: " + e.getOriginalMessage())), 0);
        }
        UnitImport.Result result = UnitImport.edit(unit.code(), json, this::importProblem);
        if (!result.valid()) {
            return invalid(result.problems(), result.rows());
        }
        units.apply(result.changes(), officer.username());
        audit.record(officer.username(), AuditLog.Action.UNIT_EDIT, unit.code(), keys(result.changes()));
        return ResponseEntity.ok(UnitView.of(existing(unit.code())));
    }

    @PostMapping(path = "/units/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Import contact details (CSV or JSON body); all rows are applied, or none with a report of every problem")
    ResponseEntity<?> importBody(@RequestBody byte[] body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
                                 @RequestParam(defaultValue = "false") boolean dryRun,
                                 @Parameter(hidden = true) Officer officer) {
        boolean json = contentType.toLowerCase(Locale.ROOT).contains("json");
        return importFile(body, json, dryRun, officer);
    }

    @PostMapping(path = "/units/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import contact details from an uploaded .csv or .json file (same rules)")
    ResponseEntity<?> importUpload(@RequestPart("file") MultipartFile file, @RequestParam(defaultValue = "false") boolean dryRun,
                                   @Parameter(hidden = true) Officer officer) throws IOException {
        String name = file.getOriginalFilename() == null ? "" : file.getOriginalFilename().toLowerCase(Locale.ROOT);
        String type = file.getContentType() == null ? "" : file.getContentType().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json") || type.contains("json");
        return importFile(file.getBytes(), json, dryRun, officer);
    }

    private ResponseEntity<?> importFile(byte[] bytes, boolean json, boolean dryRun, Officer officer) {
        if (bytes.length > MAX_IMPORT_BYTES) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    "the file is larger than " + MAX_IMPORT_BYTES / (1024 * 1024) + " MB");
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem);
        }
        String text = utf8(bytes);
        UnitImport.Result result = json ? UnitImport.json(text, this::importProblem) : UnitImport.csv(text, this::importProblem);
        if (!result.valid()) {
            return invalid(result.problems(), result.rows());
        }
        if (!dryRun) {
            units.apply(result.changes(), officer.username());
            audit.record(officer.username(), AuditLog.Action.UNIT_IMPORT, null, result.rows() + " rows, "
                    + result.changes().size() + " units changed: "
                    + String.join(" ", result.changes().stream().map(UnitImport.Change::code).toList()));
        }
        return ResponseEntity.ok(new ImportReport(!dryRun, dryRun, result.rows(), result.changes().size()));
    }

    /** Why a code cannot be imported, if it cannot. */
    private Optional<String> importProblem(String code) {
        Optional<PoliceUnit> unit = units.find(code);
        if (unit.isPresent()) {
            return unit.get().retired() ? Optional.of("unit " + code + " is no longer in force") : Optional.empty();
        }
        Optional<Integer> commune = PoliceCodes.communeOf(code);
        if (commune.isPresent()) {
            Optional<GazetteerIndex.CommuneInfo> info = gazetteer.commune(commune.get());
            if (info.isPresent()) {
                return Optional.of(info.get().name() + " has no commune police; its provincial police is "
                        + info.get().unit());
            }
        }
        return Optional.of("unknown unit code '" + code + "' (CAX-<5-digit commune code> or CAT-<2-digit province code>)");
    }

    private static ResponseEntity<ProblemDetail> invalid(List<UnitImport.Problem> problems, int rows) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                problems.size() + " problem(s) found; nothing was changed");
        problem.setTitle("Invalid unit data");
        problem.setProperty("applied", false);
        problem.setProperty("rows", rows);
        problem.setProperty("problemCount", problems.size());
        problem.setProperty("problems", problems.subList(0, Math.min(problems.size(), UnitImport.MAX_LISTED_PROBLEMS)));
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    // ---------------------------------------------------------------- relay threads

    @GetMapping("/units/{code}/threads")
    @Operation(summary = "A unit's relay threads with citizens, most recently active first")
    List<ThreadView> threads(@Parameter(hidden = true) Officer officer, @PathVariable String code,
                             @RequestParam(required = false) String status) {
        PoliceUnit unit = inScope(officer, code);
        RelayThread.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = RelayThread.Status.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be OPEN or CLOSED");
            }
        }
        audit.record(officer.username(), AuditLog.Action.RELAY_LIST, unit.code(), wanted == null ? null : wanted.name());
        return relay.list(unit.code(), wanted).stream().map(ThreadView::of).toList();
    }

    @GetMapping("/units/{code}/threads/{thread}")
    @Operation(summary = "One relay thread")
    ThreadView thread(@Parameter(hidden = true) Officer officer, @PathVariable String code, @PathVariable String thread) {
        PoliceUnit unit = inScope(officer, code);
        RelayThread found = relay.find(unit.code(), thread.strip().toUpperCase(Locale.ROOT))
                .orElseThrow(() -> new NotFound("no thread " + thread + " for unit " + unit.code()));
        audit.record(officer.username(), AuditLog.Action.RELAY_VIEW, found.code(), unit.code());
        return ThreadView.of(found);
    }

    @PostMapping(path = "/units/{code}/threads/{thread}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Answer the citizen; the answer reaches them on the channel they used")
    ResponseEntity<?> answer(@Parameter(hidden = true) Officer officer, @PathVariable String code,
                             @PathVariable String thread, @RequestBody Answer answer) {
        PoliceUnit unit = inScope(officer, code);
        String text = answer == null || answer.text() == null ? "" : Folding.nfc(answer.text()).strip();
        if (text.isEmpty() || text.codePointCount(0, text.length()) > RelayService.MAX_TEXT) {
            throw new IllegalArgumentException("text must be 1 to " + RelayService.MAX_TEXT + " characters");
        }
        String threadCode = thread.strip().toUpperCase(Locale.ROOT);
        RelayService.AnswerResult result = relay.answer(unit.code(), threadCode, text, officer.username());
        return switch (result) {
            case NOT_FOUND -> throw new NotFound("no thread " + thread + " for unit " + unit.code());
            case CLOSED -> ResponseEntity.status(HttpStatus.CONFLICT).body(ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONFLICT, "the thread is closed; the citizen can open a new one"));
            case DELIVERED, QUEUED_UNREACHABLE -> {
                boolean delivered = result == RelayService.AnswerResult.DELIVERED;
                audit.record(officer.username(), AuditLog.Action.RELAY_ANSWER, threadCode,
                        unit.code() + ", delivered " + delivered);
                yield ResponseEntity.ok(new AnswerResult(threadCode, delivered, delivered ? null
                        : "stored in the thread, but the citizen's channel cannot be reached now"));
            }
        };
    }

    @PostMapping("/units/{code}/threads/{thread}/close")
    @Operation(summary = "End a relay thread; the citizen is told")
    ResponseEntity<?> close(@Parameter(hidden = true) Officer officer, @PathVariable String code,
                            @PathVariable String thread) {
        PoliceUnit unit = inScope(officer, code);
        String threadCode = thread.strip().toUpperCase(Locale.ROOT);
        if (relay.find(unit.code(), threadCode).isEmpty()) {
            throw new NotFound("no thread " + thread + " for unit " + unit.code());
        }
        if (relay.closeByUnit(unit.code(), threadCode, officer.username())) {
            audit.record(officer.username(), AuditLog.Action.RELAY_CLOSE, threadCode, unit.code());
        }
        return ResponseEntity.ok(ThreadView.of(relay.find(unit.code(), threadCode).orElseThrow()));
    }

    // ---------------------------------------------------------------- tips

    @PutMapping(path = "/tips/{code}/unit", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Re-route a tip to another unit's queue (kept in the tip's routing history)")
    RouteView reroute(@Parameter(hidden = true) Officer officer, @PathVariable String code,
                      @RequestBody RouteRequest request) {
        // Scope first: a tip outside it gets the answer of a tip that does not exist, whatever the body.
        Tip current = tips.findByCode(code).filter(tip -> tip.visibleTo(officer)).orElseThrow(() -> new NotFound("no tip " + code));
        if (request == null || request.unit() == null || request.unit().isBlank()) {
            throw new IllegalArgumentException("unit is required (a unit code, or " + PoliceCodes.NATIONAL_QUEUE + ")");
        }
        String unit = null;
        String province = null;
        if (!request.unit().strip().equalsIgnoreCase(PoliceCodes.NATIONAL_QUEUE)) {
            unit = PoliceCodes.normalize(request.unit());
            Optional<String> problem = importProblem(unit);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            province = PoliceCodes.provinceCode(units.find(unit).orElseThrow().provinceCode());
        }
        String reason = request.reason() == null ? null : Folding.nfc(request.reason()).strip();
        if (reason != null && reason.length() > 500) {
            throw new IllegalArgumentException("reason must be at most 500 characters");
        }
        if (!officer.covers(unit, province)) {
            throw new OutOfScope("you can route a tip only to a unit of your own scope (your province, or "
                    + PoliceCodes.NATIONAL_QUEUE + ")");
        }
        Tip tip = tips.reroute(current.getCode(), unit, province, reason, officer.username())
                .orElseThrow(() -> new NotFound("no tip " + code));
        audit.record(officer.username(), AuditLog.Action.TIP_REROUTE, tip.getCode(), "from "
                + queue(current.getUnit()) + " to " + queue(tip.getUnit()));
        return new RouteView(tip.getCode(), tip.getUnit(), tip.getProvince(), tip.getRouting(), tip.getRoutingHistory());
    }

    // ---------------------------------------------------------------- gazetteer

    @GetMapping("/gazetteer/search")
    @Operation(summary = "Search a place the way the bot does (names in force and old names)")
    SearchView search(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) Integer province) {
        PlaceSearch result = gazetteer.search(q, province);
        List<Map<String, Object>> candidates = result.candidates().stream().limit(50).map(c -> Map.<String, Object>of(
                "commune", c.commune().name(), "communeCode", c.commune().code(), "province", c.province().name(),
                "unit", c.commune().unit(), "score", c.score(), "via", c.via().name()
                        + (c.via().detail() == null ? "" : ", " + c.via().detail()), "tier", c.via().tier().name())).toList();
        List<Map<String, Object>> provinces = result.provinces().stream().map(p -> Map.<String, Object>of(
                "province", p.province().name(), "code", p.province().code(), "count", p.count())).toList();
        return new SearchView(result.outcome().name(), result.problem(), result.via() == null ? null : result.via().name(),
                result.via() == null ? null : result.via().kind().name(),
                result.province() == null ? null : result.province().name(), candidates, provinces);
    }

    // ---------------------------------------------------------------- helpers

    private PoliceUnit existing(String code) {
        String normalized = PoliceCodes.normalize(code);
        return units.find(normalized).orElseThrow(() -> new NotFound("no police unit " + normalized));
    }

    /** The unit, if it exists and its work is the officer's; otherwise the very answer of a unit that does not exist. */
    private PoliceUnit inScope(Officer officer, String code) {
        PoliceUnit unit = existing(code);
        if (!officer.covers(unit.code(), PoliceCodes.provinceCode(unit.provinceCode()))) {
            throw new NotFound("no police unit " + unit.code());
        }
        return unit;
    }

    private static String queue(String unit) {
        return unit == null ? PoliceCodes.NATIONAL_QUEUE : unit;
    }

    /** Which contact fields an edit set or cleared (their names, not their values). */
    private static String keys(List<UnitImport.Change> changes) {
        return changes.stream().flatMap(c -> java.util.stream.Stream.concat(c.set().keySet().stream(), c.unset().stream()))
                .distinct().sorted().collect(java.util.stream.Collectors.joining(" "));
    }

    /** The body as UTF-8 text; anything else (a spreadsheet saved in a legacy code page) is refused, not guessed. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the file is not UTF-8 text; save it as CSV UTF-8");
        }
    }

    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    static class OutOfScope extends RuntimeException {
        OutOfScope(String message) {
            super(message);
        }
    }

    @ExceptionHandler(OutOfScope.class)
    ProblemDetail outOfScope(OutOfScope e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
        problem.setTitle("Outside your scope");
        return problem;
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad request");
        return problem;
    }

    @ExceptionHandler(PoliceUnits.ImportFailedException.class)
    ProblemDetail importFailed(PoliceUnits.ImportFailedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the change could not be saved; what had been written was restored. Please try again.");
        problem.setTitle("Import not applied");
        problem.setProperty("applied", false);
        return problem;
    }
}
