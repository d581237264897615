package vn.tipline.account;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Officer accounts, for administrators (the security rules keep everyone else out). */
@RestController
@RequestMapping("/api/admin/accounts")
@Tag(name = "Officer: accounts", description = "ADMIN only")
@SecurityRequirement(name = ApiSecurity.BASIC)
@SecurityRequirement(name = ApiSecurity.TOKEN)
public class AccountController {

    private final AccountService accounts;

    AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** An account as administrators see it: never the password hash. */
    record AccountView(String username, String displayName, Role role, List<String> units, String province,
                       boolean enabled, boolean locked, boolean mustChangePassword, Instant createdAt,
                       Instant lastLoginAt) {
    }

    record NewAccount(@NotBlank @Size(max = 32) String username, @Size(max = 80) String displayName,
                      @NotNull Role role, List<@Size(max = 32) String> units, @Size(max = 32) String province) {
    }

    record Change(@Size(max = 80) String displayName, Role role, List<@Size(max = 32) String> units,
                  @Size(max = 32) String province, Boolean enabled) {
    }

    /** A generated one-time password: shown in this answer only; it must be changed at first sign-in. */
    record Created(AccountView account, String oneTimePassword) {
    }

    @GetMapping
    @Operation(summary = "All accounts")
    List<AccountView> list() {
        return accounts.list().stream().map(this::view).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an account; the answer holds its one-time password, shown once")
    ResponseEntity<Created> create(@Parameter(hidden = true) Officer officer, @Valid @RequestBody NewAccount body) {
        String password = accounts.create(officer.username(), body.username(), new AccountService.Profile(
                body.displayName(), body.role(), body.units(), body.province(), true));
        Account account = accounts.find(body.username()).orElseThrow();
        return ResponseEntity.status(HttpStatus.CREATED).body(new Created(view(account), password));
    }

    @PatchMapping("/{username}")
    @Operation(summary = "Change role, units, province, name, or disable/enable (the last active admin stays)")
    AccountView update(@Parameter(hidden = true) Officer officer, @PathVariable String username,
                       @Valid @RequestBody Change body) {
        return view(accounts.update(officer.username(), username, new AccountService.Profile(body.displayName(),
                body.role(), body.units(), body.province(), body.enabled())));
    }

    @PostMapping("/{username}/unlock")
    @Operation(summary = "Lift the refusals of sign-ins after failed ones, from every address")
    AccountView unlock(@Parameter(hidden = true) Officer officer, @PathVariable String username) {
        accounts.unlock(officer.username(), username);
        return view(accounts.find(username).orElseThrow());
    }

    @PostMapping("/{username}/password-reset")
    @Operation(summary = "Replace the password by a one-time password, shown once")
    Created resetPassword(@Parameter(hidden = true) Officer officer, @PathVariable String username) {
        String password = accounts.resetPassword(officer.username(), username);
        return new Created(view(accounts.find(username).orElseThrow()), password);
    }

    private AccountView view(Account a) {
        return new AccountView(a.username(), a.displayName(), a.role(), a.units(), a.province(), a.enabled(),
                accounts.throttled(a.username()), a.mustChangePassword(), a.createdAt(), a.lastLoginAt());
    }
}
