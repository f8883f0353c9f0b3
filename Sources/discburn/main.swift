print("discburn")
