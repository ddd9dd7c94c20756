namespace DataCatalog.Core.Rules;

/// <summary>Check digits of Korean registration numbers (STANDARDS.md §5).</summary>
public static class CheckDigits
{
    /// <summary>Business registration number (사업자등록번호): weights 1,3,7,1,3,7,1,3,5 plus ⌊d₉×5/10⌋.</summary>
    public static bool Business(string value)
    {
        var d = Digits(value);
        if (d.Length != 10)
        {
            return false;
        }

        int[] weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += d[i] * weights[i];
        }

        sum += d[8] * 5 / 10;
        return (10 - (sum % 10)) % 10 == d[9];
    }

    /// <summary>Resident registration number (주민등록번호): (11 − Σ wᵢdᵢ mod 11) mod 10 with weights 2..9,2..5.</summary>
    public static bool Resident(string value)
    {
        var d = Digits(value);
        if (d.Length != 13)
        {
            return false;
        }

        int[] weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += d[i] * weights[i];
        }

        return (11 - (sum % 11)) % 10 == d[12];
    }

    private static int[] Digits(string value) => value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
}
