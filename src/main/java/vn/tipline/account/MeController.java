package vn.tipline.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The signed-in officer: who they are, their password, their API tokens. */
@RestController
@RequestMapping("/api/admin/me")
@Tag(name = "Officer: my account")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
public class MeController {

    private final AccountService accounts;
    private final ApiTokens tokens;
    private final UnreadAnswers unread;

    MeController(AccountService accounts, ApiTokens tokens, UnreadAnswers unread) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.unread = unread;
    }

    record Me(String username, String displayName, Role role, List<String> units, String province,
              boolean mustChangePassword, long tipsWithNewAnswers) {
    }

    record PasswordChange(@NotNull String currentPassword,
                          @NotNull @Size(max = AccountService.MAX_PASSWORD) String newPassword) {
    }

    record TokenRequest(@Size(max = 60) String label) {
    }

    @GetMapping
    @Operation(summary = "Who am I, what I may see, and how many of my tips have new answers from reporters")
    Me me(@Parameter(hidden = true) Officer officer) {
        Account account = accounts.find(officer.username()).orElseThrow();
        return new Me(account.username(), account.displayName(), account.role(), account.units(), account.province(),
                account.mustChangePassword(), unread.unreadAnswers(officer));
    }

    @PostMapping("/password")
    @Operation(summary = "Change my password (required first when it is a one-time password)")
    ResponseEntity<Void> password(@Parameter(hidden = true) Officer officer, @Valid @RequestBody PasswordChange body) {
        accounts.changePassword(officer.username(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tokens")
    @Operation(summary = "My personal API tokens (never the secrets)")
    List<ApiTokens.TokenInfo> tokens(@Parameter(hidden = true) Officer officer) {
        return tokens.list(officer.username());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a personal API token for Authorization: Bearer; the secret is shown once")
    ResponseEntity<ApiTokens.NewToken> createToken(@Parameter(hidden = true) Officer officer,
                                                   @Valid @RequestBody(required = false) TokenRequest body) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(tokens.create(officer.username(), body == null ? null : body.label()));
    }

    @DeleteMapping("/tokens/{id}")
    @Operation(summary = "Revoke one of my tokens")
    ResponseEntity<Object> revoke(@Parameter(hidden = true) Officer officer, @PathVariable String id) {
        if (tokens.revoke(officer.username(), id)) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No such token of yours."));
    }
}
