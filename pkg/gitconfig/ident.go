package gitconfig

import (
	"strings"
)

// Ident returns the name and email git gives who ("AUTHOR" or
// "COMMITTER") under strict rules (`git var GIT_AUTHOR_IDENT`, `git
// commit`), following ident.c: GIT_<WHO>_NAME and GIT_<WHO>_EMAIL first,
// then author.* or committer.*, then user.*, then EMAIL for the email
// when no *.email is configured at all; leading and trailing "crud"
// (blanks, . , : ; < > " \ ') is dropped, as are <, > and newlines inside.
//
// Whatever git would have to guess (a name from the password database, an
// email from the host name), refuse (user.useConfigOnly, an empty name) or
// write oddly (an empty email) is an error matching ErrUncertain: git
// decides those, with its own messages.
func (c *Config) Ident(who string) (name, email string, err error) {
	role := strings.ToLower(who)
	var roleName, roleEmail, userName, userEmail string
	nameGiven, mailGiven := false, false
	for _, e := range c.Entries {
		switch e.Key {
		case "user.useconfigonly":
			if _, err := e.Bool(); err != nil {
				return "", "", err
			}
			continue
		case "author.name", "committer.name", "user.name", "author.email", "committer.email", "user.email":
		default:
			continue
		}
		if e.NoValue {
			return "", "", uncertain("%s: %s has no value", e.Origin, e.Key)
		}
		sec, key, _ := strings.Cut(e.Key, ".")
		if key == "name" {
			nameGiven = true
		} else {
			mailGiven = true
		}
		switch {
		case sec == role && key == "name":
			roleName = e.Value
		case sec == role && key == "email":
			roleEmail = e.Value
		case sec == "user" && key == "name":
			userName = e.Value
		case sec == "user" && key == "email":
			userEmail = e.Value
		}
	}

	if v, ok := c.env("GIT_" + who + "_NAME"); ok {
		name = v
	} else if roleName != "" {
		name = roleName
	} else if !nameGiven && userName == "" {
		return "", "", uncertain("no name is configured for the %s", role)
	} else {
		name = userName
	}
	if v, ok := c.env("GIT_" + who + "_EMAIL"); ok {
		email = v
	} else if roleEmail != "" {
		email = roleEmail
	} else if !mailGiven && userEmail == "" {
		v, _ := c.env("EMAIL")
		if v == "" {
			return "", "", uncertain("no email is configured for the %s", role)
		}
		email = strings.Trim(v, " \t\n\r")
	} else {
		email = userEmail
	}
	name, email = withoutCrud(name), withoutCrud(email)
	if name == "" {
		return "", "", uncertain("the %s name is empty or only disallowed characters", role)
	}
	if email == "" {
		return "", "", uncertain("the %s email is empty", role)
	}
	return name, email, nil
}

// crud is git's crud(): characters trimmed from both ends of a name or email.
func crud(c byte) bool {
	return c <= 32 || strings.IndexByte(".,:;<>\"\\'", c) >= 0
}

// withoutCrud is git's strbuf_addstr_without_crud.
func withoutCrud(s string) string {
	i, j := 0, len(s)
	for i < j && crud(s[i]) {
		i++
	}
	for j > i && crud(s[j-1]) {
		j--
	}
	b := make([]byte, 0, j-i)
	for ; i < j; i++ {
		if c := s[i]; c != '\n' && c != '<' && c != '>' {
			b = append(b, c)
		}
	}
	return string(b)
}
